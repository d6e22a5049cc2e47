using System.Text.Json.Nodes;
using Ashiato.Web.Profiles;

namespace Ashiato.Web.Api;

/// <summary>Trace completeness: anything that means the trace does not hold everything that happened.</summary>
public sealed record Completeness(bool Complete, bool EndedCleanly, long Dropped, JsonNode? DroppedByType, long Truncations, IReadOnlyList<string> Problems);

public sealed record Ranked(string Name, long Count);

public sealed record SummaryResponse(
    IReadOnlyDictionary<string, long> Counts,
    DateTimeOffset? First,
    DateTimeOffset? Last,
    long? DurationMs,
    JsonObject? Meta,
    Completeness Completeness,
    IReadOnlyList<Ranked> TopHosts,
    IReadOnlyList<Ranked> TopExecutables,
    int SensitiveFiles,
    int? Detections);

/// <param name="Forked">It forked without exec (a subshell, a forked worker): it runs its parent's program.</param>
/// <param name="Accesses">Other processes it attached to or read (ptrace, process_vm_readv, pidfd_getfd).</param>
/// <param name="Step">The GitHub Actions job step it belongs to; null outside any job.</param>
public sealed record ProcessResponse(
    int Pid, int? Ppid, string? Comm, IReadOnlyList<ExecInfo> Execs, IReadOnlyDictionary<string, long> Counts, long Events, int Children,
    bool Forked, IReadOnlyList<AccessInfo> Accesses, DateTimeOffset? FirstSeen, StepRef? Step);

public sealed record EventsPage(int Offset, int Limit, bool More, IReadOnlyList<System.Text.Json.JsonElement> Items);

/// <param name="Steps">The job steps whose processes looked it up (the Step and Action columns).</param>
public sealed record DnsResponse(string Hostname, long Queries, IReadOnlyCollection<string> Answers, IReadOnlyCollection<string> Qtypes,
    IReadOnlyCollection<string> Rcodes, IReadOnlyCollection<string> Processes, IReadOnlyList<StepRef> Steps);

/// <param name="Steps">The job steps whose processes connected (the Step and Action columns).</param>
public sealed record HostResponse(string Host, long Connections, IReadOnlyCollection<string> Addresses, IReadOnlyCollection<string> Ports,
    IReadOnlyCollection<string> Processes, IReadOnlyList<StepRef> Steps);

/// <param name="RenamedTo">New names this path was renamed to; <paramref name="RenamedFrom"/> the names renamed into it.</param>
/// <param name="Modes">Modes set with chmod (octal strings, <c>4755</c>).</param>
/// <param name="Steps">The job steps whose processes touched it (the Step and Action columns).</param>
public sealed record FileResponse(string Path, long Opens, IReadOnlyCollection<string> Flags, long Writes, long BytesWritten,
    IReadOnlyCollection<string> Processes, string? Sensitive, IReadOnlyCollection<string> RenamedTo, IReadOnlyCollection<string> RenamedFrom,
    long Deletes, IReadOnlyCollection<string> Modes, IReadOnlyList<StepRef> Steps);

/// <summary>A step of a GitHub Actions job, as the other tabs name it: its key (the <c>step</c> filter) and what it ran.</summary>
/// <param name="Key"><c>&lt;job_id&gt;:&lt;step&gt;</c>, for <c>?step=</c>.</param>
public sealed record StepRef(string Key, string JobId, int Step, string? Kind, string? Name, string? Action);

/// <summary>A GitHub Actions job: its <c>runner_job</c> and <c>runner_job_end</c>.</summary>
/// <param name="WorkflowJob">GITHUB_JOB, the job's key in its workflow.</param>
public sealed record RunnerJobResponse(string JobId, int? WorkerPid, string? RunnerName, string? Repository, string? WorkflowRef, string? RunId,
    string? RunAttempt, string? WorkflowJob, bool RunnerLayout, DateTimeOffset? Ended, int? ExitCode);

/// <summary>One step of the Steps tab: what it ran, how it ended, and how much its processes did.</summary>
/// <param name="Pid">The step's root process; null for step 0 when several housekeeping processes started it.</param>
/// <param name="SensitiveFiles">Files it touched that the Files tab highlights.</param>
public sealed record StepResponse(
    string Key, string JobId, int Step, string? Kind, string? Name, string? Action, int? Pid, string? Script, string? ScriptSha256,
    DateTimeOffset? Started, DateTimeOffset? Ended, long? DurationMs, int? ExitCode, int Processes, int Hosts, int Files, int SensitiveFiles,
    long Events, RunnerJobResponse? Job);

public sealed record TimelineResponse(DateTimeOffset? Start, long BucketMs, int Buckets, IReadOnlyDictionary<string, long[]> Series);
