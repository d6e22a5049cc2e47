using FakeRunner.Protocol;

namespace FakeRunner.Worker;

/// <summary>
/// What steps hand on to later steps through GITHUB_ENV and GITHUB_PATH, as the runner's file commands do: variables
/// (<c>NAME=value</c> or <c>NAME&lt;&lt;DELIMITER</c> … <c>DELIMITER</c>) join the job's environment, directories are
/// put in front of PATH, most recent first. NODE_OPTIONS is refused, as the real runner refuses it. And what an
/// action's pre or main saves in GITHUB_STATE, which its later stages get as <c>STATE_name</c> (SaveStateFileCommand).
/// </summary>
internal sealed class FileCommands(DiagLog log)
{
    private const string Source = "FileCommandManager";
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _states = new(StringComparer.Ordinal);
    private readonly List<string> _paths = [];
    private readonly Lock _lock = new();

    /// <summary>The job's workflow env with what earlier steps added; PATH with their directories in front.</summary>
    public IReadOnlyDictionary<string, string> Apply(IReadOnlyDictionary<string, string> workflowEnv)
    {
        lock (_lock)
        {
            var environment = new Dictionary<string, string>(workflowEnv, StringComparer.Ordinal);
            foreach (var (name, value) in _environment)
            {
                environment[name] = value;
            }
            if (_paths.Count > 0)
            {
                var basePath = environment.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
                environment["PATH"] = string.Join(':', Enumerable.Reverse(_paths).Append(basePath));
            }
            return environment;
        }
    }

    /// <summary>Reads a finished step's GITHUB_ENV and GITHUB_PATH.</summary>
    public void Collect(FileCommandSet files)
    {
        var variables = ParseEnvironmentFile(File.ReadAllText(files.Env));
        var paths = File.ReadAllLines(files.Path).Where(line => line.Trim().Length > 0).ToList();
        lock (_lock)
        {
            foreach (var (name, value) in variables)
            {
                if (name == "NODE_OPTIONS")
                {
                    log.Warning(Source, "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.");
                    continue;
                }
                _environment[name] = value;
            }
            _paths.AddRange(paths);
        }
    }

    /// <summary>Keeps what a stage of the step <paramref name="contextName"/> saved in its GITHUB_STATE.</summary>
    public void CollectState(string contextName, FileCommandSet files)
    {
        var saved = ParseEnvironmentFile(File.ReadAllText(files.State));
        lock (_lock)
        {
            if (!_states.TryGetValue(contextName, out var state))
            {
                _states[contextName] = state = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            foreach (var (name, value) in saved)
            {
                state[name] = value;
            }
        }
    }

    /// <summary>STATE_name for what earlier stages of the step <paramref name="contextName"/> saved.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StateVariables(string contextName)
    {
        lock (_lock)
        {
            return _states.TryGetValue(contextName, out var state)
                ? [.. state.Select(pair => new KeyValuePair<string, string>($"STATE_{pair.Key}", pair.Value))]
                : [];
        }
    }

    /// <summary>The variables of a GITHUB_ENV file (and of a GITHUB_STATE file: the same format). Pure.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseEnvironmentFile(string text)
    {
        var variables = new List<KeyValuePair<string, string>>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var equals = line.IndexOf('=');
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var delimiter = line[(heredoc + 2)..];
                var end = Array.IndexOf(lines, delimiter, i + 1);
                if (delimiter.Length == 0 || end < 0)
                {
                    throw new InvalidDataException($"GITHUB_ENV: '{line}' has no closing '{delimiter}' line");
                }
                variables.Add(new(line[..heredoc], string.Join('\n', lines[(i + 1)..end])));
                i = end;
            }
            else if (equals > 0)
            {
                variables.Add(new(line[..equals], line[(equals + 1)..]));
            }
            else if (line.Length > 0)
            {
                throw new InvalidDataException($"GITHUB_ENV: '{line}' is neither NAME=value nor NAME<<DELIMITER");
            }
        }
        return variables;
    }
}
