using DuckDB.NET.Data;

namespace Ashiato.Query.Execution;

/// <summary>
/// Interrupts a running DuckDB command at its deadline or on request, and keeps interrupting every 50 ms until
/// disposed: an interrupt that lands before DuckDB starts executing is dropped, so one call is not enough.
/// </summary>
public sealed class CommandCanceller : IDisposable
{
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromMilliseconds(50);

    private readonly DuckDBCommand _command;
    private readonly Timer _timer;
    private int _fired;

    public CommandCanceller(DuckDBCommand command, TimeSpan? deadline)
    {
        _command = command;
        _timer = new Timer(_ => Interrupt(timedOut: true), null, deadline ?? Timeout.InfiniteTimeSpan,
            deadline is null ? Timeout.InfiniteTimeSpan : RepeatInterval);
    }

    /// <summary>True once the deadline passed.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>True once any interrupt was sent.</summary>
    public bool Fired => Volatile.Read(ref _fired) == 1;

    /// <summary>Starts interrupting now (the caller cancelled).</summary>
    public void CancelNow()
    {
        Interrupt(timedOut: false);
        _timer.Change(RepeatInterval, RepeatInterval);
    }

    private void Interrupt(bool timedOut)
    {
        if (timedOut)
        {
            TimedOut = true;
        }
        Volatile.Write(ref _fired, 1);
        try
        {
            _command.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The command finished between the timer firing and the call; nothing to stop.
        }
    }

    public void Dispose() => _timer.Dispose();
}
