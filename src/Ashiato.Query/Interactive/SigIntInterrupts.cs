using System.Runtime.InteropServices;

namespace Ashiato.Query.Interactive;

/// <summary>
/// Ctrl+C while a query runs (the terminal sends SIGINT then, since the line editor only reads it as a key while
/// editing): the query stops and the prompt stays, as in psql and the duckdb shell.
/// </summary>
public sealed class SigIntInterrupts : IQueryInterrupts
{
    public IDisposable CancelOnInterrupt(CancellationTokenSource query) =>
        PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true; // not the default action, which ends the process
            try
            {
                query.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The query ended while the signal was being delivered: nothing left to stop.
            }
        });
}
