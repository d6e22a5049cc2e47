using System.Collections.Frozen;

namespace Ashiato.Tracer.Abi;

/// <summary>
/// The environment variables process_exec.env reports: user space's copy of bpf/env_names.h (AbiLayoutTests checks
/// that the compiled kernel side holds the same list). The kernel already keeps every other variable to itself; the
/// decoder drops any other name all the same, so that no change on one side alone can let a secret into a trace.
/// </summary>
public static class ExecEnvNames
{
    public static IReadOnlyList<string> All { get; } =
    [
        "LD_PRELOAD",
        "LD_LIBRARY_PATH",
        "LD_AUDIT",
        "NODE_OPTIONS",
        "BASH_ENV",
        "ENV",
        "PYTHONPATH",
        "PYTHONSTARTUP",
        "PERL5OPT",
        "RUBYOPT",
        "JAVA_TOOL_OPTIONS",
        "DOTNET_STARTUP_HOOKS",
    ];

    private static readonly FrozenSet<string> Allowed = All.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsAllowed(string name) => Allowed.Contains(name);
}
