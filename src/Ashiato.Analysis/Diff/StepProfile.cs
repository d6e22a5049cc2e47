using Ashiato.Analysis.Jobs;

namespace Ashiato.Analysis.Diff;

/// <summary>
/// What the steps of one <see cref="Key"/> did in a run: an action's pre, main and post (and a composite's inner
/// steps) together, a run step by its name.
/// </summary>
/// <param name="Steps">The run's steps with this key, in order.</param>
/// <param name="Refs">The refs the action ran at (<c>v45</c>); empty for other steps.</param>
/// <param name="ScriptHashes">The SHA-256 of the run step's or hook's script.</param>
public sealed record StepProfile(string Key, IReadOnlyList<JobStep> Steps, IReadOnlySet<string> Refs, IReadOnlySet<string> ScriptHashes, Behaviour Behaviour);
