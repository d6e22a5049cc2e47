using System.CommandLine;
using System.Text.Json;
using FakeRunner.Protocol;
using FakeRunner.Support;

var job = new Option<FileInfo>("--job") { Description = "The job: a JobMessage JSON file (see Scenarios/jobs/).", Required = true };
var actions = new Option<string[]>("--action")
{
    Description = "owner/repo@ref=DIR: serve DIR as that action's repository. Repeatable.",
    AllowMultipleArgumentsPerToken = false,
};
var environment = new Option<string[]>("--env") { Description = "NAME=VALUE for the runner's .env. Repeatable.", AllowMultipleArgumentsPerToken = false };
var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the job.", DefaultValueFactory = _ => 300 };
var run = new Command("run", "Runs one job on a new fake runner; prints {directory, root, fileCommands, diag, result} as JSON and keeps the directory.")
{
    job, actions, environment, timeout,
};
run.SetAction(parse =>
{
    static KeyValuePair<string, string> Pair(string text, string option)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        return equals > 0
            ? new(text[..equals], text[(equals + 1)..])
            : throw new ArgumentException($"{option} '{text}' is not NAME=VALUE");
    }
    try
    {
        var message = ProtocolJson.ReadFile<JobMessage>(parse.GetValue(job)!.FullName);
        var options = new FakeRunnerOptions
        {
            Actions = (parse.GetValue(actions) ?? []).Select(a => Pair(a, "--action")).ToDictionary(),
            Environment = (parse.GetValue(environment) ?? []).Select(e => Pair(e, "--env")).ToDictionary(),
            // Step output read to its end as the real runner does (5 s after the step exits): the tests read the log,
            // and on a loaded machine the fast 1 s cut the last lines of a step.
            Timeouts = FakeRunnerOptions.FastTimeouts with { OutputDrainMilliseconds = new RunnerTimeouts().OutputDrainMilliseconds },
        };
        // The caller reads the runner's files after the job, then deletes the directory itself.
        Environment.SetEnvironmentVariable(FakeRunnerHost.KeepVariable, "1");
        using var host = FakeRunnerHost.Create(options);
        var queued = host.Enqueue(message);
        host.RequestShutdown();
        host.StartListener();
        var result = host.WaitForResult(queued, TimeSpan.FromSeconds(parse.GetValue(timeout)));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            directory = host.Directory,
            root = host.Layout.Root,
            fileCommands = host.Layout.FileCommands,
            diag = host.Layout.Diag,
            result,
        }, ProtocolJson.Options));
        return 0;
    }
    catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or TimeoutException)
    {
        Console.Error.WriteLine($"fake-runner: {e.Message}");
        return 2;
    }
});
return new RootCommand("A fake GitHub Actions runner (tests/FakeRunner) for tests outside .NET.") { run }.Parse(args).Invoke();
