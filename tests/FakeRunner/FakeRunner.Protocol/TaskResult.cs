namespace FakeRunner.Protocol;

/// <summary>A job's or step's result, numbered as the real runner's; the worker exits with 100 plus the job's result.</summary>
public enum TaskResult
{
    Succeeded = 0,
    SucceededWithIssues = 1,
    Failed = 2,
    Canceled = 3,
    Skipped = 4,
    Abandoned = 5,
}

public static class TaskResults
{
    private const int ReturnCodeOffset = 100;

    public static int ToReturnCode(TaskResult result) => ReturnCodeOffset + (int)result;

    public static TaskResult FromReturnCode(int code) =>
        code is >= ReturnCodeOffset and <= ReturnCodeOffset + (int)TaskResult.Abandoned ? (TaskResult)(code - ReturnCodeOffset) : TaskResult.Failed;

    /// <summary>Merges a step's result into the job's as the real runner does: Canceled and later stick, otherwise the worse wins.</summary>
    public static TaskResult Merge(TaskResult current, TaskResult next) =>
        current > TaskResult.Failed ? current : next >= current ? next : current;
}
