namespace Ashiato.Events;

/// <summary>
/// A process that never exec'd (a subshell, a forked worker), written the first time it matters: before its own first
/// record or the exec of a child. <see cref="ProcessEvent.Ppid"/> is the process that forked it, so lineage holds
/// even after a daemon's parent has exited.
/// </summary>
public sealed record ProcessFork : ProcessEvent
{
    public override EventKind Kind => EventKind.ProcessFork;
}
