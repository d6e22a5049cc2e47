using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Dns;
using Ashiato.Tracer.Jobs;
using Ashiato.Tracer.Paths;
using Ashiato.Tracer.Processes;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Turns kernel records into contract events: wall-clock timestamps, paths joined and folded, write totals
/// paired with the path their first write reported. Owns only its own state; no I/O.
/// </summary>
public sealed class EventEnricher
{
    private readonly KernelClock _clock;
    private readonly ProcessLineage _lineage;
    private readonly HostnameResolver _names;
    private readonly DnsCorrelator _dns;
    private readonly JobTracker _jobs;
    private readonly Dictionary<(int Tgid, ulong FileId), WriteStarted> _openWrites = [];
    private long _orphanWrites;

    /// <param name="files">Where job identity is read from (the runner's .runner, step scripts); the host's by default.</param>
    public EventEnricher(KernelClock clock, IHostFiles? files = null)
    {
        _clock = clock;
        _jobs = new JobTracker(files ?? new HostFiles());
        _lineage = new ProcessLineage(_jobs.Attribute);
        _names = new HostnameResolver(_lineage);
        _dns = new DnsCorrelator(clock, _names, _jobs.Attribute);
    }

    public void Enrich(ObservedRecord record, ICollection<TraceRecord> output)
    {
        if (record is ForkObserved forked)
        {
            _jobs.ForkedBeforeTagging(forked.Context);
        }
        if (_jobs.TagMadeBeforeTagging(record.Context) is { } tagged)
        {
            record = record with { Context = tagged };
        }
        switch (record)
        {
            case ForkObserved fork:
                _lineage.Forked(fork);
                return;
            case ExitObserved exit:
                _lineage.Exited(exit.Context.Tgid);
                _jobs.OnExit(exit.Context, exit.ExitStatus, _clock.ToWallClock(exit.Context.KtimeNs), output);
                return;
            case ExecObserved exec:
                _lineage.Execed(exec.Context.Tgid, exec.Context.Ppid, exec.Context.Comm, output, _clock);
                _jobs.OnExec(new ExecFacts(exec.Context, _clock.ToWallClock(exec.Context.KtimeNs), exec.Filename, exec.Args, NullIfEmpty(exec.Exe), exec.StepIdentity), output);
                break;
            case WriteStarted:
                break; // no record of its own yet; its totals will have one
            default:
                _lineage.BeforeRecordOf(record.Context.Tgid, output, _clock);
                break;
        }
        // The process that forked it, which a daemon keeps after its parent exits (rare: a copy only then).
        var parent = _lineage.ParentOf(record.Context);
        if (parent != record.Context.Ppid)
        {
            record = record with { Context = record.Context with { Ppid = parent } };
        }
        if (record is DnsPacketObserved packet)
        {
            _dns.Observe(packet, output);
            return;
        }
        TraceRecord? enriched = record switch
        {
            ExecObserved exec => ToProcessExec(exec),
            OpenObserved open => ToFileOpen(open),
            WriteStarted started => Remember(started),
            WriteFinished finished => ToFileWrite(finished),
            ConnectObserved connect => ToNetConnect(connect),
            _ => ToEvidence(record),
        };
        if (enriched is not null)
        {
            output.Add(enriched);
        }
    }

    /// <summary>
    /// The processes already running when tracing started, as process_exec records marked as a snapshot, parents
    /// first. Written before any live record, so the documented queries find a worker that predates the tracer.
    /// </summary>
    public void WriteSnapshot(AttachSnapshot snapshot, ICollection<TraceRecord> output)
    {
        _jobs.AdoptAttachTags(snapshot.JobTags, snapshot.TaggedBeforeNs);
        foreach (var process in snapshot.Processes)
        {
            _lineage.Execed(process.Pid, process.Ppid, process.Comm, output, _clock);
            var context = new RecordContext(RecordKind.Exec, 0, process.Pid, process.Pid, process.Ppid, process.Uid ?? 0, process.Comm, process.Job, process.StepRoot);
            var filename = process.Exe ?? process.Args.FirstOrDefault() ?? process.Comm;
            _jobs.OnExec(new ExecFacts(context, process.StartTime, filename, process.Args, process.Exe, process.StepIdentity), output);
            output.Add(new ProcessExec
            {
                Timestamp = process.StartTime,
                Pid = process.Pid,
                Comm = process.Comm,
                Ppid = process.Ppid,
                Filename = filename,
                Args = process.Args,
                Exe = process.Exe,
                Cwd = process.Cwd,
                Uid = process.Uid,
                Snapshot = true,
                Job = _jobs.Attribute(context),
            });
        }
    }

    /// <summary>
    /// Called as counters pass by (about once a second): writes DNS queries whose reply is overdue (all of them at the
    /// end) and, at the end, the jobs still waiting for their metadata; adds this stage's own losses to the counters.
    /// </summary>
    public CountersObserved Tick(CountersObserved counters, ICollection<TraceRecord> output)
    {
        _dns.Expire(counters.KtimeNs, all: counters.Final, output);
        if (counters.Final)
        {
            _jobs.Flush(output);
        }
        return counters.WithLoss(RecordKind.WriteClose, _orphanWrites) with { MalformedDns = counters.MalformedDns + _dns.Malformed };
    }

    private NetConnect ToNetConnect(ConnectObserved connect) => new()
    {
        Timestamp = _clock.ToWallClock(connect.Context.KtimeNs),
        Pid = connect.Context.Tgid,
        Comm = connect.Context.Comm,
        Ppid = connect.Context.Ppid,
        Job = _jobs.Attribute(connect.Context),
        DstAddr = connect.Destination.Address,
        DstPort = connect.Destination.Port,
        Protocol = connect.Protocol,
        Hostname = _names.TryGetHostname(connect.Destination.Address, connect.Context.Tgid, out var name) ? name : null,
    };

    private ProcessExec ToProcessExec(ExecObserved exec) => new()
    {
        Timestamp = _clock.ToWallClock(exec.Context.KtimeNs),
        Pid = exec.Context.Tgid,
        Comm = exec.Context.Comm,
        Ppid = exec.Context.Ppid,
        Job = _jobs.Attribute(exec.Context),
        Filename = exec.Filename,
        Args = exec.Args,
        ArgsTruncated = exec.ArgsTruncated,
        Exe = NullIfEmpty(exec.Exe),
        Cwd = NullIfEmpty(exec.Cwd),
        Uid = exec.Context.Uid,
        Env = exec.Env,
        EnvTruncated = exec.EnvTruncated,
    };

    private FileOpen ToFileOpen(OpenObserved open)
    {
        var path = PathNormalizer.Resolve(open.BaseDirectory, open.Name);
        return new FileOpen
        {
            Timestamp = _clock.ToWallClock(open.Context.KtimeNs),
            Pid = open.Context.Tgid,
            Comm = open.Context.Comm,
            Ppid = open.Context.Ppid,
            Job = _jobs.Attribute(open.Context),
            Path = path,
            Flags = open.Flags,
            ResolvedPath = open.ResolvedPath.Length == 0 || open.ResolvedPath == path ? null : open.ResolvedPath,
        };
    }

    /// <summary>The evidence of tampering: renames, deletes, chmods and accesses to other processes.</summary>
    private ProcessEvent? ToEvidence(ObservedRecord record)
    {
        var (at, pid, comm, ppid) = (_clock.ToWallClock(record.Context.KtimeNs), record.Context.Tgid, record.Context.Comm, record.Context.Ppid);
        var job = _jobs.Attribute(record.Context);
        return record switch
        {
            RenameObserved rename => new FileRename
            {
                Timestamp = at,
                Pid = pid,
                Comm = comm,
                Ppid = ppid,
                Job = job,
                Path = Absolute(rename.From),
                NewPath = Absolute(rename.To),
            },
            DeleteObserved delete => new FileDelete
            {
                Timestamp = at,
                Pid = pid,
                Comm = comm,
                Ppid = ppid,
                Job = job,
                Path = Absolute(delete.Path),
                Directory = delete.Directory,
            },
            ChmodObserved chmod => new FileChmod
            {
                Timestamp = at,
                Pid = pid,
                Comm = comm,
                Ppid = ppid,
                Job = job,
                Path = Absolute(chmod.Path),
                Mode = chmod.Mode,
            },
            AccessObserved access => new ProcessAccess
            {
                Timestamp = at,
                Pid = pid,
                Comm = comm,
                Ppid = ppid,
                Job = job,
                TargetPid = access.TargetPid,
                TargetComm = access.TargetComm,
                Method = access.Method,
                TargetRelation = access.Relation,
                TargetPpid = access.TargetPpid,
            },
            SignalObserved signal => new SignalSent
            {
                Timestamp = at,
                Pid = pid,
                Comm = comm,
                Ppid = ppid,
                Job = job,
                TargetPid = signal.TargetPid,
                Signal = signal.Signal,
                Delivered = signal.Result == 0,
            },
            BpfCallObserved call => new BpfCall
            {
                Timestamp = at,
                Pid = pid,
                Comm = comm,
                Ppid = ppid,
                Job = job,
                Command = call.Command,
            },
            _ => null,
        };
    }

    /// <summary>As file_open's path: joined to the directory it was relative to and folded, symlinks kept.</summary>
    private static string Absolute(NamedPath path) => PathNormalizer.Resolve(path.BaseDirectory, path.Name);

    private TraceRecord? Remember(WriteStarted started)
    {
        _openWrites[(started.Context.Tgid, started.FileId)] = started;
        return null;
    }

    private FileWrite? ToFileWrite(WriteFinished finished)
    {
        if (!_openWrites.Remove((finished.Context.Tgid, finished.FileId), out var started))
        {
            _orphanWrites++;
            return null;
        }
        // The writer is the program that made the first write: totals emitted at an exec or swept at the end of
        // the trace carry the next program's name, or none.
        return new FileWrite
        {
            Timestamp = _clock.ToWallClock(finished.Context.KtimeNs),
            Pid = finished.Context.Tgid,
            Comm = started.Context.Comm,
            Ppid = finished.Context.Ppid == 0 ? started.Context.Ppid : finished.Context.Ppid,
            Job = _jobs.Attribute(started.Context),
            Path = started.Path,
            Bytes = finished.Bytes,
        };
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>Maps kernel record kinds to the event type whose count a loss reduces.</summary>
public static class RecordKindEvents
{
    public static EventKind? EventKindOf(RecordKind kind) => kind switch
    {
        RecordKind.Exec => EventKind.ProcessExec,
        RecordKind.Fork => EventKind.ProcessFork,
        RecordKind.FileOpen => EventKind.FileOpen,
        RecordKind.WriteOpen or RecordKind.WriteClose => EventKind.FileWrite,
        RecordKind.NetConnect => EventKind.NetConnect,
        RecordKind.DnsPacket => EventKind.DnsQuery,
        RecordKind.FileRename => EventKind.FileRename,
        RecordKind.FileDelete => EventKind.FileDelete,
        RecordKind.FileChmod => EventKind.FileChmod,
        RecordKind.ProcessAccess => EventKind.ProcessAccess,
        RecordKind.Signal => EventKind.Signal,
        RecordKind.BpfCall => EventKind.BpfCall,
        _ => null,
    };
}
