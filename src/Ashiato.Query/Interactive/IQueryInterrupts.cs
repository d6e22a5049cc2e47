namespace Ashiato.Query.Interactive;

/// <summary>Where a request to stop the running query comes from: Ctrl+C on a terminal.</summary>
public interface IQueryInterrupts
{
    /// <summary>Until the returned scope is disposed, an interrupt cancels <paramref name="query"/> and nothing else.</summary>
    IDisposable CancelOnInterrupt(CancellationTokenSource query);
}
