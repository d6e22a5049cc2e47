namespace Ashiato.Web.Engines;

/// <summary>How many runs of each engine the server allows at once, and how many one organisation may queue.</summary>
public sealed record EngineOptions
{
    /// <summary>
    /// Sandboxed queries at once: the query sandbox's own concurrency must match. Three, so that one organisation still
    /// runs two at once (one slot is always left for the others).
    /// </summary>
    public int QuerySlots { get; init; } = 3;

    /// <summary>Rule pack and diff processes at once.</summary>
    public int AnalysisSlots { get; init; } = 2;

    /// <summary>Job profiles (the job-view tabs' data) built at once, in the server.</summary>
    public int ProfileSlots { get; init; } = 2;

    /// <summary>Runs of one engine an organisation may have waiting; more get 429.</summary>
    public int MaxWaitingPerOrg { get; init; } = 64;

    /// <summary>What one job profile may hold in memory (<see cref="Profiles.ProfileBudget"/>).</summary>
    public int ProfileBudgetMb { get; init; } = 128;

    /// <summary>What all cached job profiles together may hold.</summary>
    public int ProfileCacheMb { get; init; } = 256;
}

/// <summary>The server's gates, one per engine.</summary>
public sealed class EngineGates(EngineOptions options)
{
    public IEngineGate Query { get; } = new FairGate("queries", options.QuerySlots, options.MaxWaitingPerOrg);

    public IEngineGate Analysis { get; } = new FairGate("analyses", options.AnalysisSlots, options.MaxWaitingPerOrg);

    public IEngineGate Profiles { get; } = new FairGate("job views", options.ProfileSlots, options.MaxWaitingPerOrg);
}
