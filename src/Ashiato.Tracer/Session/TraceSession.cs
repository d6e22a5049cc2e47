using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Ashiato.Events;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Interop;
using Ashiato.Tracer.Jobs;
using Ashiato.Tracer.Kernel;
using Ashiato.Tracer.Pipeline;
using Ashiato.Tracer.Processes;

namespace Ashiato.Tracer.Session;

/// <summary>
/// One trace from start to end: checks, output file, kernel side, scope, the pipeline, and the traced command
/// or the wait for a signal. The order matters: scope entries are in place before anything they cover runs.
/// </summary>
public static class TraceSession
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    public static async Task<TraceOutcome> RunAsync(TraceRequest request, Action<TraceProgress>? onStarted = null)
    {
        if (request.Scope == TraceScope.Command)
        {
            EnsureCommandExists(request.Command);
        }
        var proc = new ProcFileSystem();
        if (request.Scope == TraceScope.Pid && !proc.IsAlive(request.Pid!.Value))
        {
            throw new UserFacingException($"no process with pid {request.Pid}");
        }
        TracerPreflight.Run();
        // On another core while the kernel verifies the BPF programs below; done before anything is traced.
        var warmup = Task.Run(() => PipelineWarmup.RunAsync(Stream.Null));
        var writer = request.Sink is null ? OpenOutput(request.Output) : null;
        KernelTracer? kernel = null;
        TracePipeline? pipeline = null;
        try
        {
            kernel = KernelTracer.Load(new KernelTracerOptions
            {
                TracerTgid = Environment.ProcessId,
                ScopeAll = request.Scope == TraceScope.All,
                EveryOpen = request.EveryOpen,
            });
            var snapshot = SeedScope(kernel, request, proc);
            await warmup;
            var sink = request.Sink ?? (progress => new TraceSink(writer!, progress));
            pipeline = TracePipeline.Start(kernel, sink, Meta(request, kernel), KernelClock.Now(), snapshot);
        }
        catch
        {
            kernel?.Dispose();
            if (writer is not null)
            {
                DiscardOutput(writer, request.Output);
            }
            throw;
        }
        using (kernel)
        using (pipeline)
        {
            onStarted?.Invoke(pipeline.Progress);
            int exitCode;
            try
            {
                exitCode = request.Scope switch
                {
                    TraceScope.Command => await RunCommandAsync(request.Command),
                    TraceScope.Pid => await WaitForExitOrSignalAsync(request.Pid!.Value, proc),
                    _ => await WaitForExitOrSignalAsync(null, proc),
                };
            }
            catch
            {
                // The command could not start: still end the trace cleanly (it says so in its final stats).
                await pipeline.StopAsync();
                throw;
            }
            var summary = await pipeline.StopAsync();
            return new TraceOutcome(exitCode, summary);
        }
    }

    /// <summary>Setup failed before anything was traced: leave no empty trace file behind.</summary>
    private static void DiscardOutput(TraceFileWriter writer, string path)
    {
        writer.Dispose();
        if (path != "-" && File.Exists(path) && new FileInfo(path).Length == 0)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Puts what the request names in scope and returns the processes already running in it, for the attach-time
    /// snapshot, with the job tags given to jobs already running. Under <c>--all</c> everything is traced from the
    /// moment the programs attach: the snapshot is read first, so that few processes can end unrecorded before it, and
    /// what running jobs do before their tags are in the kernel is attributed in user space (JobTracker). Under
    /// <c>--pid</c> the jobs are tagged before the tree is tracked, so nothing of theirs is traced untagged; the tree is
    /// tracked until a pass over /proc finds no process it missed (one forked from a parent not yet tracked is not
    /// tracked by the kernel).
    /// </summary>
    private static AttachSnapshot SeedScope(KernelTracer kernel, TraceRequest request, ProcFileSystem proc)
    {
        if (request.Scope == TraceScope.Command)
        {
            // The tracer's children inherit tracking at fork, before the command's exec; the tracer itself is not traced.
            kernel.Track(Environment.ProcessId, Tracked.FlagSpawner);
            return AttachSnapshot.None;
        }
        if (request.Scope == TraceScope.All)
        {
            var running = proc.Describe(proc.Pids().Where(pid => pid != Environment.ProcessId));
            return WithJobs(kernel, proc, running, TagRunningJobs(kernel, proc));
        }
        var tagged = TagRunningJobs(kernel, proc);
        var inScope = new HashSet<int>();
        for (var pass = 0; pass < RunningJobTagger.MaxPasses; pass++)
        {
            var missed = ProcFileSystem.Descendants(request.Pid!.Value, proc.ReadParents()).Where(pid => !inScope.Contains(pid)).ToList();
            foreach (var pid in missed)
            {
                kernel.Track(pid);
                inScope.Add(pid);
            }
            if (missed.Count == 0)
            {
                break;
            }
        }
        return WithJobs(kernel, proc, proc.Describe(inScope), tagged);
    }

    /// <summary>Tags the jobs already running; returns the tags and when the last was in place.</summary>
    private static (IReadOnlyDictionary<int, JobTag> Tags, ulong TaggedBeforeNs) TagRunningJobs(KernelTracer kernel, ProcFileSystem proc)
    {
        var tags = RunningJobTagger.TagUntilSettled(proc, kernel.TagJob);
        return (tags, (ulong)KernelClock.MonotonicNs());
    }

    /// <summary>
    /// <paramref name="running"/> with the tags the kernel holds for them (or, for one gone since, its tree gives), each
    /// running step root with the identity the kernel reads from a live step root's environment.
    /// </summary>
    private static AttachSnapshot WithJobs(
        KernelTracer kernel, ProcFileSystem proc, IReadOnlyList<RunningProcess> running, (IReadOnlyDictionary<int, JobTag> Tags, ulong TaggedBeforeNs) jobs)
    {
        var tagged = RunningJobs.Tag(running, pid => jobs.Tags.TryGetValue(pid, out var given) ? given : kernel.ReadJobTag(pid));
        // A process the snapshot places in a job but that ended before it was tagged still made records untagged.
        var tags = new Dictionary<int, JobTag>(jobs.Tags);
        foreach (var process in tagged.Where(p => p.Job != 0))
        {
            tags.TryAdd(process.Pid, new JobTag { Job = (uint)process.Job, Step = (uint)process.StepRoot });
        }
        return new AttachSnapshot(
            [.. tagged.Select(p => p.Job != 0 && p.StepRoot == p.Pid ? p with { StepIdentity = proc.ReadStepIdentity(p.Pid) } : p)],
            tags,
            jobs.TaggedBeforeNs);
    }

    private static async Task<int> RunCommandAsync(IReadOnlyList<string> command)
    {
        // Start by the name as given (PATH already checked) so the command's argv[0] is what the user typed.
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = StartProcess(start, command[0]);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Forward(context, process, SigInt));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Forward(context, process, SigTerm));
        await process.WaitForExitAsync();
        return process.ExitCode; // .NET reports death by signal N as 128 + N, as shells do.
    }

    private static void Forward(PosixSignalContext context, Process process, int signal)
    {
        context.Cancel = true;
        try
        {
            Libc.kill(process.Id, signal);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static Process StartProcess(ProcessStartInfo start, string name)
    {
        try
        {
            return Process.Start(start) ?? throw new UserFacingException($"could not start {name}");
        }
        catch (Win32Exception e)
        {
            throw new UserFacingException($"could not start {name}: {e.Message}", e);
        }
    }

    /// <summary>Waits for SIGINT or SIGTERM, or for <paramref name="pid"/> to exit. Returns 0.</summary>
    private static async Task<int> WaitForExitOrSignalAsync(int? pid, ProcFileSystem proc)
    {
        var stop = new TaskCompletionSource();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        if (pid is not { } root)
        {
            await stop.Task; // --all: only a signal ends the trace, so nothing wakes the tracer until then
            return 0;
        }
        // A process that is not our child cannot be waited for; look every 100 ms.
        while (!stop.Task.IsCompleted && proc.IsAlive(root))
        {
            await Task.WhenAny(stop.Task, Task.Delay(100));
        }
        return 0;
    }

    /// <summary>Finds the command like a shell would, so "not found" is one clear line before anything loads.</summary>
    private static void EnsureCommandExists(IReadOnlyList<string> command)
    {
        if (command.Count == 0)
        {
            throw new UserFacingException("no command to trace; give one after --, or use --pid or --all");
        }
        var name = command[0];
        if (name.Contains('/'))
        {
            if (!File.Exists(name))
            {
                throw new UserFacingException($"command not found: {name}");
            }
            return;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var directory in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return;
            }
        }
        throw new UserFacingException($"command not found: {name}");
    }

    private static TraceFileWriter OpenOutput(string path)
    {
        try
        {
            return TraceFileWriter.Create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is UnauthorizedAccessException ? "permission denied" : e.Message;
            throw new UserFacingException($"cannot write the trace to {path}: {reason}", e);
        }
    }

    private static TraceMeta Meta(TraceRequest request, KernelTracer kernel) => new()
    {
        Timestamp = DateTimeOffset.UtcNow,
        TracerVersion = typeof(TraceSession).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
        Kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
        Hostname = Environment.MachineName,
        Scope = request.Scope,
        Command = request.Scope == TraceScope.Command ? request.Command : null,
        RootPid = request.Pid,
        Mechanisms = kernel.Mechanisms,
        Labels = request.Labels,
    };
}
