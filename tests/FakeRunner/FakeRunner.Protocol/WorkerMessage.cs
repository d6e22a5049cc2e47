namespace FakeRunner.Protocol;

/// <summary>The message kinds the real runner's ProcessChannel carries from Runner.Listener to Runner.Worker, with the same numbers.</summary>
public enum WorkerMessageType
{
    NotInitialized = -1,
    NewJobRequest = 1,
    CancelRequest = 2,
    RunnerShutdown = 3,
    OperatingSystemShutdown = 4,
}

public sealed record WorkerMessage(WorkerMessageType Type, string Body);
