namespace Ashiato.Web.Engines;

/// <summary>
/// Admission to an engine (query workers, rule pack, diff, job profiles): at most a fixed number of runs at once for the
/// whole server, shared fairly between organisations. Dispose the lease when the run ends.
/// </summary>
public interface IEngineGate
{
    /// <summary>Waits for a turn; throws <see cref="EngineBusyException"/> when the organisation already has too many waiting.</summary>
    Task<IDisposable> EnterAsync(string org, CancellationToken ct);
}
