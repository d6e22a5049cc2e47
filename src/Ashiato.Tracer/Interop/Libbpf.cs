using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ashiato.Tracer.Interop;

/// <summary>
/// The slice of libbpf 1.1 (Debian's libbpf1) the tracer uses. C names are kept; no logic lives here.
/// Functions returning pointers return NULL and set errno on failure (libbpf 1.x semantics).
/// </summary>
internal static unsafe partial class Libbpf
{
    /// <summary>The soname: without libbpf-dev, only libbpf.so.1 exists.</summary>
    private const string Library = "libbpf.so.1";

    public const int BTF_KIND_STRUCT = 4;
    public const int BTF_KIND_ENUM = 6;
    public const int BTF_KIND_VAR = 14;
    public const int BTF_KIND_DATASEC = 15;

    /// <summary>bpf_map_update_elem: create only; an existing element is left as it is (errno EEXIST).</summary>
    public const ulong BPF_NOEXIST = 1;

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial BpfObjectHandle bpf_object__open_mem(void* obj_buf, nuint obj_buf_sz, void* opts);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_object__load(BpfObjectHandle obj);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void bpf_object__close(nint obj);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint bpf_object__next_program(BpfObjectHandle obj, nint prog);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint bpf_object__find_map_by_name(BpfObjectHandle obj, string name);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint bpf_object__btf(BpfObjectHandle obj);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* bpf_program__name(nint prog);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* bpf_program__section_name(nint prog);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_program__set_autoload(nint prog, [MarshalAs(UnmanagedType.U1)] bool autoload);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool bpf_program__autoload(nint prog);

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial BpfLinkHandle bpf_program__attach(nint prog);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial BpfLinkHandle bpf_program__attach_tracepoint(nint prog, string tp_category, string tp_name);

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial BpfLinkHandle bpf_program__attach_cgroup(nint prog, int cgroup_fd);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_link__destroy(nint link);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_map__fd(nint map);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_map__set_pin_path(nint map, string path);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void* bpf_map__initial_value(nint map, nuint* psize);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_map__set_max_entries(nint map, uint max_entries);

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_map_update_elem(int fd, void* key, void* value, ulong flags);

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_map_get_next_key(int fd, void* key, void* next_key);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int bpf_enable_stats(int type);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int libbpf_num_possible_cpus();

    [LibraryImport(Library, SetLastError = true)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial RingBufferHandle ring_buffer__new(
        int map_fd, delegate* unmanaged[Cdecl]<void*, void*, nuint, int> sample_cb, void* ctx, void* opts);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int ring_buffer__consume(RingBufferHandle rb);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void ring_buffer__free(nint rb);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nint libbpf_set_print(delegate* unmanaged[Cdecl]<int, byte*, nint, int> fn);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int btf__find_by_name_kind(nint btf, string type_name, uint kind);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial BtfType* btf__type_by_id(nint btf, uint id);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* btf__name_by_offset(nint btf, uint offset);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial long btf__resolve_size(nint btf, uint type_id);
}

/// <summary>struct btf_type: followed in memory by kind-specific data (members, var_secinfo).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BtfType
{
    public uint name_off;
    public uint info;
    public uint size_or_type;

    public readonly int Kind => (int)((info >> 24) & 0x1f);

    public readonly int Vlen => (int)(info & 0xffff);
}

/// <summary>struct btf_enum, after an ENUM btf_type.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BtfEnum
{
    public uint name_off;
    public int val;
}

/// <summary>struct btf_member, after a STRUCT btf_type.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct BtfMember
{
    public uint name_off;
    public uint type;
    public uint offset; // bits
}
