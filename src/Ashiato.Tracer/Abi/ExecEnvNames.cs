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

    /// <summary>
    /// What identifies a GitHub Actions step and its job (bpf/env_names.h's ASHIATO_STEP_ENV_NAMES): read only from a
    /// step root's environment, for the step and runner_job records, never into process_exec.env.
    /// </summary>
    public static IReadOnlyList<string> StepIdentity { get; } =
    [
        "GITHUB_ACTION",
        "GITHUB_ACTION_REPOSITORY",
        "GITHUB_ACTION_REF",
        "GITHUB_ACTION_PATH",
        "GITHUB_JOB",
        "GITHUB_RUN_ID",
        "GITHUB_RUN_ATTEMPT",
        "GITHUB_REPOSITORY",
        "GITHUB_WORKFLOW_REF",
        "RUNNER_NAME",
        "RUNNER_TRACKING_ID",
    ];

    /// <summary>bpf/env.bpf.h's ENV_SCAN_MAX: only entries that start in the environment's first MiB are read.</summary>
    public const int ScanBytes = 1 << 20;

    /// <summary>bpf/env_names.h's ENV_NAME_MAX: no allow-listed name is longer.</summary>
    public const int NameMax = 31;

    /// <summary>bpf/ashiato.h's ASHIATO_ENV_VALUE_MAX: bytes of a value kept.</summary>
    public const int ValueMax = 256;

    private static readonly FrozenSet<string> Allowed = All.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> Identity = StepIdentity.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsAllowed(string name) => Allowed.Contains(name);

    public static bool IsStepIdentity(string name) => Identity.Contains(name);
}
