using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

[Collection(WorkloadCollection.Name)]
[Trait("Category", "kernel")]
public sealed class ProcessExecTests(Workload workload)
{
    [Fact]
    public void Exec_keeps_arguments_with_spaces_exactly()
    {
        var trace = AshiatoCli.Trace(["/bin/echo", "hello world", "  two  spaces ", ""]);

        var exec = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == "/bin/echo");
        Assert.Equal(["/bin/echo", "hello world", "  two  spaces ", ""],
            exec.GetProperty("args").EnumerateArray().Select(a => a.GetString()!));
        Assert.Equal("/usr/bin/echo", exec.Str("exe"));
        Assert.Equal("echo", exec.Str("comm"));
        Assert.Equal(0, trace.Run.ExitCode);
    }

    [Fact]
    public void Relative_exec_keeps_the_name_as_passed_and_resolves_exe_and_cwd()
    {
        var directory = Directory.CreateTempSubdirectory("ashiato-rel-").FullName;
        Directory.CreateDirectory(Path.Combine(directory, "bin"));
        File.Copy("/bin/true", Path.Combine(directory, "bin", "tool"));

        var trace = AshiatoCli.Trace(["sh", "-c", $"cd {directory} && ./bin/tool first"]);

        var exec = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == "./bin/tool");
        Assert.Equal($"{directory}/bin/tool", exec.Str("exe"));
        Assert.Equal(directory, exec.Str("cwd"));
        Assert.Equal(["./bin/tool", "first"], exec.GetProperty("args").EnumerateArray().Select(a => a.GetString()!));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void Script_exec_names_the_script_as_filename_and_the_interpreter_as_exe()
    {
        var script = Path.Combine(workload.Directory, "hello.sh");
        File.WriteAllText(script, "#!/bin/sh\ntrue\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var trace = AshiatoCli.Trace([script, "arg"]);

        var exec = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == script);
        Assert.Equal("/usr/bin/dash", exec.Str("exe"));
        Assert.Equal(["/bin/sh", script, "arg"], exec.GetProperty("args").EnumerateArray().Select(a => a.GetString()!));
    }

    [Fact]
    public void Exec_records_parent_and_uid()
    {
        var trace = AshiatoCli.Trace(["sh", "-c", "/bin/true; echo"]);

        var shell = Assert.Single(trace.OfType("process_exec"), e => e.Str("comm") == "sh");
        var child = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == "/bin/true");
        Assert.Equal(shell.Int("pid"), child.Int("ppid"));
        Assert.Equal(0, child.Int("uid"));
    }

    [Fact]
    public void Exit_code_of_the_command_is_the_tracer_exit_code()
    {
        Assert.Equal(3, AshiatoCli.Trace(["sh", "-c", "exit 3"]).Run.ExitCode);
        Assert.Equal(128 + 15, AshiatoCli.Trace(["sh", "-c", "kill -TERM $$"]).Run.ExitCode);
    }

    [Fact]
    public void Long_argument_lists_are_cut_and_flagged()
    {
        var many = Enumerable.Range(0, 3000).Select(i => $"argument-{i}").ToArray();

        var trace = AshiatoCli.Trace(["/bin/true", .. many]);

        var exec = Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == "/bin/true");
        Assert.True(exec.GetProperty("args_truncated").GetBoolean());
        var args = exec.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToList();
        Assert.True(args.Count > 400, $"only {args.Count} arguments kept");
        Assert.Equal(many[..(args.Count - 2)], args.Skip(1).Take(args.Count - 2));
    }
}
