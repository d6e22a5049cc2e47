namespace FakeRunner.Worker;

/// <summary>
/// A step's file commands: empty files under <c>_work/_temp/_runner_file_commands/</c>, one guid per step
/// (FileCommandManager), named by GITHUB_OUTPUT, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE and GITHUB_STEP_SUMMARY.
/// </summary>
internal sealed record FileCommandSet(string Output, string Env, string Path, string State, string StepSummary)
{
    public IEnumerable<KeyValuePair<string, string>> Variables =>
    [
        new("GITHUB_OUTPUT", Output),
        new("GITHUB_ENV", Env),
        new("GITHUB_PATH", Path),
        new("GITHUB_STATE", State),
        new("GITHUB_STEP_SUMMARY", StepSummary),
    ];

    public static FileCommandSet Create(string directory)
    {
        Directory.CreateDirectory(directory);
        var suffix = Guid.NewGuid().ToString();
        string Touch(string prefix)
        {
            var path = System.IO.Path.Combine(directory, prefix + suffix);
            File.WriteAllBytes(path, []);
            return path;
        }
        return new FileCommandSet(Touch("set_output_"), Touch("set_env_"), Touch("add_path_"), Touch("save_state_"), Touch("step_summary_"));
    }
}
