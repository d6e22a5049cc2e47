namespace Ashiato.Web.Backends;

/// <summary>
/// The engines the console delegates to. Each is optional: a tab whose engine is missing says so (HTTP 503)
/// instead of pretending.
/// </summary>
public sealed record ConsoleBackends
{
    public IJobQueryRunner? Query { get; init; }

    public IQueryExamples? Examples { get; init; }

    public IDetectionSource? Detections { get; init; }

    public IJobComparer? Comparer { get; init; }
}
