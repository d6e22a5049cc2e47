using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Dns;
using Ashiato.Tracer.Paths;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Turns kernel records into contract events: wall-clock timestamps, paths joined and folded, write totals
/// paired with the path their first write reported. Owns only its own state; no I/O.
/// </summary>
public sealed class EventEnricher
{
    private readonly KernelClock _clock;
    private readonly ProcessTable _processes = new();
    private readonly HostnameResolver _names;
    private readonly DnsCorrelator _dns;
    private readonly Dictionary<(int Tgid, ulong FileId), WriteStarted> _openWrites = [];
    private long _orphanWrites;

    public EventEnricher(KernelClock clock)
    {
        _clock = clock;
        _names = new HostnameResolver(_processes);
        _dns = new DnsCorrelator(clock, _names);
    }

    public void Enrich(ObservedRecord record, ICollection<TraceRecord> output)
    {
        _processes.Observe(record.Context);
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
            _ => null,
        };
        if (enriched is not null)
        {
            output.Add(enriched);
        }
    }

    /// <summary>
    /// Called as counters pass by (about once a second): writes DNS queries whose reply is overdue (all of them at the
    /// end) and adds this stage's own losses to the counters.
    /// </summary>
    public CountersObserved Tick(CountersObserved counters, ICollection<TraceRecord> output)
    {
        _dns.Expire(counters.KtimeNs, all: counters.Final, output);
        return counters.WithLoss(RecordKind.WriteClose, _orphanWrites) with { MalformedDns = counters.MalformedDns + _dns.Malformed };
    }

    private NetConnect ToNetConnect(ConnectObserved connect) => new()
    {
        Timestamp = _clock.ToWallClock(connect.Context.KtimeNs),
        Pid = connect.Context.Tgid,
        Comm = connect.Context.Comm,
        Ppid = connect.Context.Ppid,
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
            Path = path,
            Flags = open.Flags,
            ResolvedPath = open.ResolvedPath.Length == 0 || open.ResolvedPath == path ? null : open.ResolvedPath,
        };
    }

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
        // Totals swept when the trace ends carry no comm; the first write's record has it.
        var context = finished.Context.Comm.Length > 0 ? finished.Context : started.Context;
        return new FileWrite
        {
            Timestamp = _clock.ToWallClock(finished.Context.KtimeNs),
            Pid = finished.Context.Tgid,
            Comm = context.Comm,
            Ppid = context.Ppid == 0 ? started.Context.Ppid : context.Ppid,
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
        RecordKind.FileOpen => EventKind.FileOpen,
        RecordKind.WriteOpen or RecordKind.WriteClose => EventKind.FileWrite,
        RecordKind.NetConnect => EventKind.NetConnect,
        RecordKind.DnsPacket => EventKind.DnsQuery,
        _ => null,
    };
}
