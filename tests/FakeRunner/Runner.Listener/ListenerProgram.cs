using FakeRunner.Protocol;

namespace FakeRunner.Listener;

/// <summary>
/// <c>Runner.Listener run</c>: loads <c>.env</c> into its environment (as the real listener's LoadAndSetEnv does), reads
/// <c>.runner</c>, then takes jobs from the broker one at a time and runs each in a new Runner.Worker.
/// </summary>
internal static class ListenerProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (!ListenerOptions.TryParse(args, out var options, out var usage))
        {
            await Console.Error.WriteLineAsync(usage);
            return 1;
        }

        var layout = RunnerLayout.OfRunningExecutable();
        try
        {
            LoadEnvironmentFile(layout.EnvFile);
            var settings = RunnerSettings.Load(layout.SettingsFile);
            var broker = Broker.FromServerUrl(settings.ServerUrl);
            using var log = DiagLog.Open(layout.Diag, "Runner");
            var listener = new JobListener(layout, broker, log, runOnce: options.Once || settings.Ephemeral == true);
            return await listener.RunAsync();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Runner.Listener: {e.Message}");
            return 1;
        }
    }

    private static void LoadEnvironmentFile(string path)
    {
        if (!File.Exists(path))
        {
            return;
        }
        foreach (var (key, value) in DotEnv.Parse(File.ReadAllText(path)))
        {
            Environment.SetEnvironmentVariable(key, value);
        }
    }
}

/// <param name="Once">Run one job, then exit (<c>--once</c>, or an ephemeral runner's <c>.runner</c>).</param>
internal sealed record ListenerOptions(bool Once)
{
    private const string Usage = "usage: Runner.Listener run [--startuptype service] [--once]";

    public static bool TryParse(string[] args, out ListenerOptions options, out string usage)
    {
        options = new ListenerOptions(Once: false);
        usage = Usage;
        if (args is not ["run", ..])
        {
            usage = args.Length == 0 ? Usage : $"Runner.Listener: unknown command '{args[0]}'\n{Usage}";
            return false;
        }
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--once":
                    options = options with { Once = true };
                    break;
                case "--startuptype" when i + 1 < args.Length:
                    i++;
                    break;
                default:
                    usage = $"Runner.Listener: unknown option '{args[i]}'\n{Usage}";
                    return false;
            }
        }
        return true;
    }
}
