using System.Text;
using Ashiato.Events;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Tracer.Tests.Unit;

[Trait("Category", "unit")]
public sealed class RecordDecoderTests
{
    // record_header for tgid 0x1234, tid 0x1235, ppid 1, uid 1000, comm "npm", ktime 0x0102030405060708, in the job of
    // worker 100, step rooted at 101.
    private static byte[] Header(RecordKind kind, int size, byte flags) =>
    [
        (byte)kind, 0, flags, 0, (byte)size, (byte)(size >> 8), 0, 0,
        0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
        0x34, 0x12, 0, 0, 0x35, 0x12, 0, 0, 1, 0, 0, 0, 0xe8, 0x03, 0, 0,
        (byte)'n', (byte)'p', (byte)'m', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        100, 0, 0, 0, 101, 0, 0, 0,
    ];

    private const int HeaderSize = 56;

    private static byte[] Golden(RecordKind kind, byte[] fixedPart, string strings, byte flags = 0)
    {
        var tail = Encoding.UTF8.GetBytes(strings);
        var size = HeaderSize + fixedPart.Length + tail.Length;
        return [.. Header(kind, size, flags), .. fixedPart, .. tail];
    }

    [Fact]
    public void Exec_record_decodes_argv_filename_exe_and_cwd()
    {
        const string args = "npm\0install\0a b\0";
        var fixedPart = new byte[] { 16, 0, 0, 0, 12, 0, 16, 0, 5, 0, 0, 0, 0, 0, 0, 0 };
        var bytes = Golden(RecordKind.Exec, fixedPart, args + "/usr/bin/npm" + "/usr/bin/node.js" + "/work");

        var exec = Assert.IsType<ExecObserved>(RecordDecoder.Decode(bytes, new Utf8StringCache()));

        Assert.Equal(["npm", "install", "a b"], exec.Args);
        Assert.Equal("/usr/bin/npm", exec.Filename);
        Assert.Equal("/usr/bin/node.js", exec.Exe);
        Assert.Equal("/work", exec.Cwd);
        Assert.Equal(new RecordContext(RecordKind.Exec, 0x0102030405060708, 0x1234, 0x1235, 1, 1000, "npm", Job: 100, StepRoot: 101), exec.Context);
        Assert.False(exec.ArgsTruncated);
        Assert.Null(exec.Env);
        Assert.False(exec.EnvTruncated);
    }

    // exec_record's fixed part: args_len, filename_len, exe_len, cwd_len, env_len, reserved2.
    private static byte[] ExecFixedPart(int args, int filename, int exe, int cwd, int env) =>
        [(byte)args, 0, 0, 0, (byte)filename, 0, (byte)exe, 0, (byte)cwd, 0, (byte)env, (byte)(env >> 8), 0, 0, 0, 0];

    private static byte[] ExecWithEnv(string env, ushort flags = 0)
    {
        var bytes = Golden(RecordKind.Exec, ExecFixedPart(5, 7, 7, 1, Encoding.UTF8.GetByteCount(env)), "node\0" + "/a/node" + "/a/node" + "/" + env);
        bytes[2] = (byte)flags;
        return bytes;
    }

    [Fact]
    public void Exec_record_decodes_the_environment_entries_after_the_cwd()
    {
        var exec = Assert.IsType<ExecObserved>(RecordDecoder.Decode(
            ExecWithEnv("LD_PRELOAD=/tmp/x.so\0NODE_OPTIONS=--require /tmp/a=b.js\0ENV=\0"), new Utf8StringCache()));

        Assert.Equal("/", exec.Cwd);
        Assert.Equal(
            [new("LD_PRELOAD", "/tmp/x.so"), new("NODE_OPTIONS", "--require /tmp/a=b.js"), new("ENV", "")],
            exec.Env!.ToArray());
        Assert.False(exec.EnvTruncated);
    }

    [Fact]
    public void Exec_record_flag_says_the_environment_was_not_examined_to_its_end()
    {
        var exec = Assert.IsType<ExecObserved>(RecordDecoder.Decode(ExecWithEnv("", ExecRecord.FlagEnvTruncated), new Utf8StringCache()));

        Assert.True(exec.EnvTruncated);
        Assert.Null(exec.Env);
    }

    [Fact]
    public void Names_off_the_allow_list_are_dropped_even_when_the_kernel_sends_them()
    {
        var exec = Assert.IsType<ExecObserved>(RecordDecoder.Decode(
            ExecWithEnv("AWS_SECRET_ACCESS_KEY=s3cr3t\0LD_PRELOADX=1\0ENVY=2\0=3\0no-equals\0PYTHONPATH=/p\0"), new Utf8StringCache()));

        Assert.Equal([new("PYTHONPATH", "/p")], exec.Env!.ToArray());
        Assert.Null(RecordDecoder.DecodeEnv("GITHUB_TOKEN=ghs_x\0INPUT_FOO=bar\0"u8, new Utf8StringCache(), out _));
    }

    [Fact]
    public void A_name_set_twice_keeps_its_first_value_as_getenv_does()
    {
        var env = RecordDecoder.DecodeEnv("BASH_ENV=/first\0BASH_ENV=/second\0"u8, new Utf8StringCache(), out _);

        Assert.Equal([new("BASH_ENV", "/first")], env!.ToArray());
    }

    [Fact]
    public void Exec_record_whose_environment_overruns_the_record_decodes_to_nothing()
    {
        const string env = "LD_PRELOAD=/x\0";
        var bytes = Golden(RecordKind.Exec, ExecFixedPart(5, 7, 7, 1, env.Length + 1), "node\0" + "/a/node" + "/a/node" + "/" + env);

        Assert.Null(RecordDecoder.Decode(bytes, new Utf8StringCache()));
    }

    [Fact]
    public void File_open_record_decodes_name_base_and_resolved_path()
    {
        var fixedPart = new byte[] { 0x41, 0x02, 0, 0, 0x9c, 0xff, 0xff, 0xff, 3, 0, 0, 0, 5, 0, 4, 0, 10, 0, 0, 0, 0, 0, 0, 0 };
        var bytes = Golden(RecordKind.FileOpen, fixedPart, "a.txt" + "/tmp" + "/tmp/a.txt");

        var open = Assert.IsType<OpenObserved>(RecordDecoder.Decode(bytes, new Utf8StringCache()));

        Assert.Equal("O_WRONLY|O_CREAT|O_TRUNC", open.Flags.ToString());
        Assert.Equal(-100, open.Dirfd);
        Assert.Equal(("a.txt", "/tmp", "/tmp/a.txt"), (open.Name, open.BaseDirectory, open.ResolvedPath));
    }

    [Fact]
    public void File_rename_record_decodes_both_names_and_their_base_directories()
    {
        // mode 0, name 5, base 4, new_name 10, new_base 0, reserved
        var fixedPart = new byte[] { 0, 0, 0, 0, 5, 0, 4, 0, 10, 0, 0, 0, 0, 0, 0, 0 };
        var bytes = Golden(RecordKind.FileRename, fixedPart, "a.txt" + "/tmp" + "/var/b.txt");

        var rename = Assert.IsType<RenameObserved>(RecordDecoder.Decode(bytes, new Utf8StringCache()));

        Assert.Equal(new NamedPath("a.txt", "/tmp"), rename.From);
        Assert.Equal(new NamedPath("/var/b.txt", ""), rename.To);
        Assert.Equal(RecordKind.FileRename, rename.Context.Kind);
    }

    [Fact]
    public void File_delete_record_says_whether_a_directory_went()
    {
        var fixedPart = new byte[] { 0, 0, 0, 0, 3, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

        var rmdir = Assert.IsType<DeleteObserved>(
            RecordDecoder.Decode(Golden(RecordKind.FileDelete, fixedPart, "dir" + "/work", flags: 1), new Utf8StringCache()));
        var unlink = Assert.IsType<DeleteObserved>(
            RecordDecoder.Decode(Golden(RecordKind.FileDelete, fixedPart, "dir" + "/work"), new Utf8StringCache()));

        Assert.Equal((new NamedPath("dir", "/work"), true), (rmdir.Path, rmdir.Directory));
        Assert.False(unlink.Directory);
    }

    [Fact]
    public void File_chmod_record_decodes_the_mode_bits()
    {
        // mode 04755 = 0x9ed
        var fixedPart = new byte[] { 0xed, 0x09, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

        var chmod = Assert.IsType<ChmodObserved>(RecordDecoder.Decode(Golden(RecordKind.FileChmod, fixedPart, "/bin/sus"), new Utf8StringCache()));

        Assert.Equal((new NamedPath("/bin/sus", ""), 0x9ed), (chmod.Path, chmod.Mode));
    }

    [Fact]
    public void Process_access_record_decodes_the_target_method_and_relation()
    {
        // target_tgid 0x2222, target_ppid 0x2221, method 3 (process_vm_readv), relation 5 (other), reserved, comm
        byte[] fixedPart =
        [
            0x22, 0x22, 0, 0, 0x21, 0x22, 0, 0, 3, 5, 0, 0, 0, 0, 0, 0,
            .. "Runner.Worker"u8, 0, 0, 0,
        ];

        var access = Assert.IsType<AccessObserved>(RecordDecoder.Decode(Golden(RecordKind.ProcessAccess, fixedPart, ""), new Utf8StringCache()));

        Assert.Equal(
            new AccessObserved(access.Context, AccessMethod.ProcessVmReadv, 0x2222, 0x2221, "Runner.Worker", ProcessRelation.Other),
            access);
        Assert.Equal(0x1234, access.Context.Tgid);
    }

    [Fact]
    public void Process_access_with_an_unknown_method_or_relation_decodes_to_nothing()
    {
        byte[] unknownMethod = [1, 0, 0, 0, 2, 0, 0, 0, 9, 1, 0, 0, 0, 0, 0, 0, .. new byte[16]];
        byte[] unknownRelation = [1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, .. new byte[16]];

        Assert.Null(RecordDecoder.Decode(Golden(RecordKind.ProcessAccess, unknownMethod, ""), new Utf8StringCache()));
        Assert.Null(RecordDecoder.Decode(Golden(RecordKind.ProcessAccess, unknownRelation, ""), new Utf8StringCache()));
    }

    [Fact]
    public void Write_close_record_decodes_totals()
    {
        var fixedPart = new byte[24];
        BitConverter.TryWriteBytes(fixedPart.AsSpan(0), 0xdeadbeefUL);
        BitConverter.TryWriteBytes(fixedPart.AsSpan(8), 1048576UL);
        BitConverter.TryWriteBytes(fixedPart.AsSpan(16), 256UL);

        var close = Assert.IsType<WriteFinished>(RecordDecoder.Decode(Golden(RecordKind.WriteClose, fixedPart, ""), new Utf8StringCache()));

        Assert.Equal((0xdeadbeefUL, 1048576L, 256L), (close.FileId, close.Bytes, close.Calls));
    }

    [Fact]
    public void Records_cut_short_or_of_unknown_kind_decode_to_nothing()
    {
        var fixedPart = new byte[] { 0x41, 0x02, 0, 0, 0x9c, 0xff, 0xff, 0xff, 3, 0, 0, 0, 5, 0, 4, 0, 10, 0, 0, 0, 0, 0, 0, 0 };
        var whole = Golden(RecordKind.FileOpen, fixedPart, "a.txt" + "/tmp" + "/tmp/a.txt");

        for (var length = 0; length < whole.Length; length++)
        {
            Assert.Null(RecordDecoder.Decode(whole.AsSpan(0, length), new Utf8StringCache()));
        }
        Assert.Null(RecordDecoder.Decode(Golden((RecordKind)99, [], ""), new Utf8StringCache()));
        var rename = Golden(RecordKind.FileRename, [0, 0, 0, 0, 5, 0, 4, 0, 10, 0, 0, 0, 0, 0, 0, 0], "a.txt" + "/tmp" + "/var/b.txt");
        for (var length = 0; length < rename.Length; length++)
        {
            Assert.Null(RecordDecoder.Decode(rename.AsSpan(0, length), new Utf8StringCache()));
        }
    }

    [Fact]
    public void Argv_cut_in_the_middle_keeps_the_partial_last_argument()
    {
        Assert.Equal(["a", "bc", "de"], RecordDecoder.SplitArgs("a\0bc\0de"u8));
        Assert.Equal(["", "x"], RecordDecoder.SplitArgs("\0x\0"u8));
    }

    [Fact]
    public void A_step_roots_identity_never_lands_in_the_environment_record()
    {
        var env = RecordDecoder.DecodeEnv("GITHUB_ACTION=__run\0LD_PRELOAD=/tmp/x.so\0GITHUB_TOKEN=ghs_x\0RUNNER_NAME=r1\0"u8, new Utf8StringCache(), out var identity);

        Assert.Equal(["LD_PRELOAD"], env!.Keys);
        Assert.Equal(new Dictionary<string, string> { ["GITHUB_ACTION"] = "__run", ["RUNNER_NAME"] = "r1" }, identity);
    }
}
