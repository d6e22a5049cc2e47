using System.Runtime.InteropServices;
using System.Text;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Interop;
using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Tests.Unit;

/// <summary>The C# mirrors of bpf/ashiato.h must match the compiled object's BTF: size and every field offset.</summary>
public sealed unsafe class AbiLayoutTests
{
    public static TheoryData<string, Type> Mirrors => new()
    {
        { "record_header", typeof(RecordHeader) },
        { "exec_record", typeof(ExecRecord) },
        { "exit_record", typeof(ExitRecord) },
        { "fork_record", typeof(ForkRecord) },
        { "job_tag", typeof(JobTag) },
        { "file_open_record", typeof(FileOpenRecord) },
        { "write_open_record", typeof(WriteOpenRecord) },
        { "write_close_record", typeof(WriteCloseRecord) },
        { "write_key", typeof(WriteKey) },
        { "write_totals", typeof(WriteTotals) },
        { "tracked", typeof(Tracked) },
        { "ashiato_config", typeof(AshiatoConfig) },
        { "net_connect_record", typeof(NetConnectRecord) },
        { "dns_packet_record", typeof(DnsPacketRecord) },
        { "file_change_record", typeof(FileChangeRecord) },
        { "process_access_record", typeof(ProcessAccessRecord) },
        { "signal_record", typeof(SignalRecord) },
        { "bpf_call_record", typeof(BpfCallRecord) },
    };

    [Theory]
    [MemberData(nameof(Mirrors))]
    public void Mirror_matches_the_kernel_struct(string cName, Type mirror)
    {
        var image = BpfObjectImage.Read(BpfObjectImage.AbiResourceName);
        fixed (byte* data = image)
        {
            using var bpfObject = Libbpf.bpf_object__open_mem(data, (nuint)image.Length, null);
            Assert.False(bpfObject.IsInvalid);
            var btf = Libbpf.bpf_object__btf(bpfObject);
            var id = Libbpf.btf__find_by_name_kind(btf, cName, Libbpf.BTF_KIND_STRUCT);
            Assert.True(id > 0, $"struct {cName} is not in the object's BTF");

            Assert.Equal(Libbpf.btf__resolve_size(btf, (uint)id), Marshal.SizeOf(mirror));
            var type = Libbpf.btf__type_by_id(btf, (uint)id);
            var members = (BtfMember*)(type + 1);
            for (var i = 0; i < type->Vlen; i++)
            {
                var name = Marshal.PtrToStringUTF8((nint)Libbpf.btf__name_by_offset(btf, members[i].name_off))!;
                var field = PascalCase(name);
                Assert.True(mirror.GetField(field) is not null, $"{mirror.Name} lacks {field} (C field {name})");
                Assert.Equal((int)members[i].offset / 8, (int)Marshal.OffsetOf(mirror, field));
            }
            Assert.Equal(type->Vlen, mirror.GetFields().Count(f => !f.IsStatic && !f.IsLiteral));
        }
    }

    [Fact]
    public void The_configuration_is_the_only_variable_in_rodata()
    {
        var image = BpfObjectImage.Read();
        fixed (byte* data = image)
        {
            using var bpfObject = Libbpf.bpf_object__open_mem(data, (nuint)image.Length, null);
            var btf = Libbpf.bpf_object__btf(bpfObject);
            var id = Libbpf.btf__find_by_name_kind(btf, ".rodata", Libbpf.BTF_KIND_DATASEC);
            var section = Libbpf.btf__type_by_id(btf, (uint)id);
            Assert.Equal(1, section->Vlen);
            Assert.Equal((uint)sizeof(AshiatoConfig), section->size_or_type);
        }
    }

    [Fact]
    public void The_kernel_and_user_space_allow_the_same_environment_variables()
    {
        var image = BpfObjectImage.Read(BpfObjectImage.AbiResourceName);
        fixed (byte* data = image)
        {
            using var bpfObject = Libbpf.bpf_object__open_mem(data, (nuint)image.Length, null);
            var rodata = Libbpf.bpf_object__find_map_by_name(bpfObject, ".rodata");
            Assert.NotEqual(0, rodata);
            nuint size;
            var bytes = new ReadOnlySpan<byte>(Libbpf.bpf_map__initial_value(rodata, &size), (int)size);
            var names = Encoding.ASCII.GetString(bytes.TrimEnd((byte)0)).Split(['\n', '\0'], StringSplitOptions.RemoveEmptyEntries);

            Assert.Equal([.. ExecEnvNames.All, .. ExecEnvNames.StepIdentity], names);
        }
    }

    private static string PascalCase(string cName) =>
        string.Concat(cName.Split('_').Select(part => part.Length == 0 ? "" : char.ToUpperInvariant(part[0]) + part[1..]));
}
