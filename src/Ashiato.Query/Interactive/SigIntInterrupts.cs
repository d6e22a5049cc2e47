using System.Runtime.InteropServices;

namespace Ashiato.Query.Interactive;

/// <summary>
/// Ctrl+C outside the line editor (the terminal sends SIGINT then, since the editor only reads it as a key while
/// editing): the running query stops and the prompt stays, as in psql and the duckdb shell. The handler is held for
/// the prompt's whole life, not only while a query runs, because a Ctrl+C that lands between Enter and the start of
/// the query, or while a result is being printed, would otherwise take the default action and end the prompt.
/// </summary>
public sealed class SigIntInterrupts : IQueryInterrupts, IDisposable
{
    private readonly PosixSignalRegistration _registration;
    private CancellationTokenSource? _running;

    public SigIntInterrupts() => _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt);

    public IDisposable CancelOnInterrupt(CancellationTokenSource query)
    {
        Volatile.Write(ref _running, query);
        return new RunningQuery(this, query);
    }

    public void Dispose() => _registration.Dispose();

    private void OnInterrupt(PosixSignalContext context)
    {
        context.Cancel = true; // not the default action, which ends the process; with no query running it does nothing
        try
        {
            Volatile.Read(ref _running)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The query ended while the signal was being delivered: nothing left to stop.
        }
    }

    private sealed class RunningQuery(SigIntInterrupts owner, CancellationTokenSource query) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref owner._running, null, query);
    }
}
