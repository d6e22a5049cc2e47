namespace FakeRunner.Worker;

/// <summary>Finds a tool on the worker's PATH, as the runner's WhichUtil does, so argv[0] is the tool's full path.</summary>
internal static class Which
{
    public static string Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, tool);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        throw new InvalidDataException($"'{tool}' is not on the runner's PATH ({path})");
    }
}
