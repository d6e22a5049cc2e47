using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Interop;

namespace Ashiato.Tracer.Kernel;

/// <summary>
/// The loaded and attached kernel side: open the embedded object, write the configuration into .rodata, load
/// (the verifier runs here), attach every program. Disposing detaches and unloads everything.
/// </summary>
public sealed unsafe class KernelTracer : IDisposable
{
    private readonly BpfObjectHandle _object;
    private readonly List<BpfLinkHandle> _links = [];
    private const string CgroupSectionPrefix = "cgroup/";
    private const string ConnectFallbackSection = "tp/syscalls/sys_enter_connect";

    private readonly int _possibleCpus = Libbpf.libbpf_num_possible_cpus();
    private readonly Dictionary<EventKind, string> _mechanisms = new()
    {
        [EventKind.ProcessExec] = "tp_btf/sched_process_exec",
        [EventKind.FileOpen] = "tracepoint/syscalls/sys_exit_{open,openat,openat2,creat}",
        [EventKind.FileWrite] = "tracepoint/syscalls/sys_exit_{write,pwrite64,writev,pwritev,pwritev2,copy_file_range,sendfile64} + sys_exit_{close,dup2,dup3}",
        [EventKind.DnsQuery] = "tracepoint/syscalls/sys_exit_{sendto,sendmsg,sendmmsg,write,writev,recvfrom,recvmsg,recvmmsg,read} on port-53 sockets",
        [EventKind.Signal] = "tp_btf/signal_generate (signals to the tracer)",
        [EventKind.BpfCall] = "tracepoint/syscalls/sys_exit_bpf (BPF_PROG_DETACH, BPF_LINK_UPDATE, BPF_LINK_DETACH)",
    };
    private int _cgroupFd = -1;
    private int _trackedFd = -1;
    private int _jobTagsFd = -1;
    private int _dropsFd = -1;
    private int _statsFd = -1;
    private int _writeTotalsFd = -1;

    private KernelTracer(BpfObjectHandle bpfObject) => _object = bpfObject;

    /// <summary>The ring buffer every record goes through.</summary>
    internal int EventsMapFd { get; private set; } = -1;

    /// <summary>Which kernel mechanism captures each event type; recorded in trace_meta.</summary>
    public IReadOnlyDictionary<EventKind, string> Mechanisms => _mechanisms;

    public static KernelTracer Load(KernelTracerOptions options)
    {
        var image = BpfObjectImage.Read();
        using var log = LibbpfLog.Capture();
        BpfObjectHandle bpfObject;
        fixed (byte* data = image)
        {
            bpfObject = Libbpf.bpf_object__open_mem(data, (nuint)image.Length, null);
        }
        if (bpfObject.IsInvalid)
        {
            throw Failure("libbpf could not open the embedded BPF object", Marshal.GetLastPInvokeError(), log);
        }
        var tracer = new KernelTracer(bpfObject);
        try
        {
            tracer.Configure(options);
            tracer.ChooseConnectMechanism();
            var error = Libbpf.bpf_object__load(bpfObject);
            if (error != 0)
            {
                throw Failure("the kernel rejected Ashiato's BPF programs", -error, log);
            }
            tracer.FindMaps();
            tracer.AttachAll(log);
            return tracer;
        }
        catch
        {
            tracer.Dispose();
            throw;
        }
    }

    /// <summary>Puts a process in scope; with <see cref="Tracked.FlagSpawner"/> only its future children.</summary>
    public void Track(int tgid, uint flags = 0)
    {
        var key = (uint)tgid;
        var value = new Tracked { Flags = flags };
        if (Libbpf.bpf_map_update_elem(_trackedFd, &key, &value, 0) != 0)
        {
            throw new TracerSetupException($"could not add pid {tgid} to the traced set (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>
    /// Gives a process that already runs the job tag the kernel would have given it at fork, unless the kernel has
    /// tagged it meanwhile (a worker that exec'd, or a child forked from a parent tagged a moment earlier): returns the
    /// tag the process now has.
    /// </summary>
    public JobTag TagJob(int tgid, JobTag tag)
    {
        var key = (uint)tgid;
        if (Libbpf.bpf_map_update_elem(_jobTagsFd, &key, &tag, Libbpf.BPF_NOEXIST) == 0)
        {
            return tag;
        }
        var error = Marshal.GetLastPInvokeError();
        return error == Libc.EEXIST && ReadJobTag(tgid) is { } existing
            ? existing
            : throw new TracerSetupException($"could not tag pid {tgid} with its job (errno {error})");
    }

    /// <summary>The job tag the kernel holds for a process, or null outside any job.</summary>
    public JobTag? ReadJobTag(int tgid)
    {
        var key = (uint)tgid;
        JobTag tag;
        return Libbpf.bpf_map_lookup_elem(_jobTagsFd, &key, &tag) == 0 ? tag : null;
    }

    public KernelCounters ReadCounters() => new(
        ReadPerCpuSums(_dropsFd, AbiLimits.RecordKindCount).Where(p => Enum.IsDefined((RecordKind)p.Key))
            .ToDictionary(p => (RecordKind)p.Key, p => p.Value),
        ReadPerCpuSums(_statsFd, AbiLimits.StatSlotCount).Where(p => Enum.IsDefined((StatSlot)p.Key))
            .ToDictionary(p => (StatSlot)p.Key, p => p.Value));

    /// <summary>Write totals still open when the trace ends (the kernel emits the others on close and exit).</summary>
    public IReadOnlyList<(WriteKey Key, WriteTotals Totals)> ReadPendingWrites()
    {
        var pending = new List<(WriteKey, WriteTotals)>();
        WriteKey key = default, next = default;
        var previous = (void*)null;
        while (Libbpf.bpf_map_get_next_key(_writeTotalsFd, previous, &next) == 0)
        {
            WriteTotals totals;
            if (Libbpf.bpf_map_lookup_elem(_writeTotalsFd, &next, &totals) == 0)
            {
                pending.Add((next, totals));
            }
            key = next;
            previous = &key;
        }
        return pending;
    }

    public void Dispose()
    {
        // Each detach waits for an RCU grace period (~60 ms here); the kernel serializes them, so threads do not help.
        foreach (var link in _links)
        {
            link.Dispose();
        }
        _links.Clear();
        _object.Dispose();
        if (_cgroupFd >= 0)
        {
            Libc.close(_cgroupFd);
            _cgroupFd = -1;
        }
    }

    private void Configure(KernelTracerOptions options)
    {
        var rodata = Libbpf.bpf_object__find_map_by_name(_object, ".rodata");
        nuint size = 0;
        var initial = rodata == 0 ? null : Libbpf.bpf_map__initial_value(rodata, &size);
        if (initial is null || size < (nuint)sizeof(AshiatoConfig))
        {
            throw new TracerSetupException("the embedded BPF object has no configuration section; the build is broken");
        }
        *(AshiatoConfig*)initial = new AshiatoConfig
        {
            TracerTgid = (uint)options.TracerTgid,
            ScopeAll = options.ScopeAll ? (byte)1 : (byte)0,
            EveryOpen = options.EveryOpen ? (byte)1 : (byte)0,
            OpenSeed = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong))),
        };
    }

    private void AttachAll(LibbpfLog log)
    {
        for (var program = Libbpf.bpf_object__next_program(_object, 0); program != 0;
             program = Libbpf.bpf_object__next_program(_object, program))
        {
            var section = SectionOf(program);
            if (!Libbpf.bpf_program__autoload(program))
            {
                continue;
            }
            var groups = SyscallExitGroups.All.Where(g => g.Program == NameOf(program)).ToList();
            if (groups.Count > 0)
            {
                AttachToSyscallExits(program, groups, log);
                continue;
            }
            // Generic attach cannot find a cgroup on its own: sock_addr hooks need the hierarchy's root given.
            var link = section.StartsWith(CgroupSectionPrefix, StringComparison.Ordinal)
                ? Libbpf.bpf_program__attach_cgroup(program, _cgroupFd)
                : Libbpf.bpf_program__attach(program);
            if (link.IsInvalid)
            {
                throw Failure($"could not attach {section}", Marshal.GetLastPInvokeError(), log);
            }
            _links.Add(link);
        }
    }

    /// <summary>A syscall this kernel lacks (fchmodat2 before Linux 6.6) is left out, and trace_meta says which were seen.</summary>
    private void AttachToSyscallExits(nint program, IEnumerable<SyscallExitGroup> groups, LibbpfLog log)
    {
        foreach (var group in groups)
        {
            var attached = new List<string>();
            foreach (var syscall in group.Syscalls.Where(SyscallExitGroups.Exists))
            {
                var tracepoint = SyscallExitGroups.Tracepoint(syscall);
                var link = Libbpf.bpf_program__attach_tracepoint(program, SyscallExitGroups.TracepointCategory, tracepoint);
                if (link.IsInvalid)
                {
                    throw Failure($"could not attach {NameOf(program)} to {tracepoint}", Marshal.GetLastPInvokeError(), log);
                }
                _links.Add(link);
                attached.Add(syscall);
            }
            _mechanisms[group.Kind] = SyscallExitGroups.Mechanism(attached);
        }
    }

    /// <summary>
    /// The cgroup sock_addr hooks when a cgroup v2 hierarchy exists (kernel's copy of the address, io_uring
    /// included); otherwise the sys_enter_connect tracepoint. Decided before load: unused programs are not loaded.
    /// </summary>
    private void ChooseConnectMechanism()
    {
        var mount = CgroupV2.FindMount();
        if (mount is not null)
        {
            _cgroupFd = Libc.open(mount, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC);
        }
        var useCgroup = _cgroupFd >= 0;
        for (var program = Libbpf.bpf_object__next_program(_object, 0); program != 0;
             program = Libbpf.bpf_object__next_program(_object, program))
        {
            var section = SectionOf(program);
            if (section.StartsWith(CgroupSectionPrefix, StringComparison.Ordinal))
            {
                Libbpf.bpf_program__set_autoload(program, useCgroup);
            }
            else if (section == ConnectFallbackSection)
            {
                Libbpf.bpf_program__set_autoload(program, !useCgroup);
            }
        }
        _mechanisms[EventKind.NetConnect] = useCgroup
            ? $"cgroup/{{connect4,connect6,sendmsg4,sendmsg6}} at {mount}"
            : $"{ConnectFallbackSection} (no cgroup v2 hierarchy)";
    }

    private static string SectionOf(nint program) =>
        Marshal.PtrToStringUTF8((nint)Libbpf.bpf_program__section_name(program)) ?? "";

    private static string NameOf(nint program) =>
        Marshal.PtrToStringUTF8((nint)Libbpf.bpf_program__name(program)) ?? "";

    /// <summary>Map descriptors exist only once the object is loaded.</summary>
    private void FindMaps()
    {
        EventsMapFd = MapFd("events");
        _trackedFd = MapFd("tracked_tgids");
        _jobTagsFd = MapFd("job_tags");
        _dropsFd = MapFd("drops");
        _statsFd = MapFd("stats");
        _writeTotalsFd = MapFd("write_totals");
    }

    private int MapFd(string name)
    {
        var map = Libbpf.bpf_object__find_map_by_name(_object, name);
        return map == 0 ? throw new InvalidOperationException($"BPF map {name} missing") : Libbpf.bpf_map__fd(map);
    }

    private Dictionary<int, long> ReadPerCpuSums(int fd, int length)
    {
        var sums = new Dictionary<int, long>();
        var values = new ulong[_possibleCpus];
        fixed (ulong* buffer = values)
        {
            for (var index = 0; index < length; index++)
            {
                var key = (uint)index;
                if (Libbpf.bpf_map_lookup_elem(fd, &key, buffer) == 0)
                {
                    sums[index] = (long)values.Aggregate(0UL, (sum, v) => sum + v);
                }
            }
        }
        return sums;
    }

    private static TracerSetupException Failure(string what, int errno, LibbpfLog log)
    {
        var message = new StringBuilder(what);
        if (errno != 0)
        {
            message.Append($": {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var tail = log.Tail(12);
        if (tail.Length > 0)
        {
            message.Append(Environment.NewLine).Append("last lines of the libbpf/verifier log:")
                .Append(Environment.NewLine).Append(tail);
        }
        return new TracerSetupException(message.ToString());
    }
}
