using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

[Trait("Category", "kernel")]
public sealed class CliErrorTests
{
    [Fact]
    public void A_command_that_is_not_found_gets_one_line()
    {
        var result = AshiatoCli.Cli("trace", "-o", Path.Combine(Path.GetTempPath(), "never.jsonl.gz"), "--", "no-such-command-xyz");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("ashiato: command not found: no-such-command-xyz", result.Stderr.Trim());
    }

    [Fact]
    public void A_command_that_cannot_be_executed_gets_one_line_and_a_complete_trace()
    {
        var output = Path.Combine(Path.GetTempPath(), $"ashiato-noexec-{Guid.NewGuid():N}.jsonl.gz");

        var result = AshiatoCli.Cli("trace", "-o", output, "--", "/etc/hostname");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("ashiato: could not start /etc/hostname: ", result.Stderr.Trim());
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.True(AshiatoCli.ReadTrace(output)[^1].GetProperty("final").GetBoolean());
        File.Delete(output);
    }

    [Fact]
    public void An_output_that_cannot_be_written_gets_one_line()
    {
        var result = AshiatoCli.Cli("trace", "-o", "/nonexistent-dir/trace.jsonl.gz", "--", "/bin/true");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("ashiato: cannot write the trace to /nonexistent-dir/trace.jsonl.gz", result.Stderr.Trim());
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void Without_root_the_tracer_says_so()
    {
        var result = CommandRunner.Run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
            AshiatoCli.Executable, "trace", "-o", "/tmp/never.jsonl.gz", "--", "/bin/true"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("ashiato: tracing needs root (or CAP_BPF and CAP_PERFMON); run it with sudo", result.Stderr.Trim());
    }

    [Fact]
    public void Conflicting_scopes_get_one_line()
    {
        var result = AshiatoCli.Cli("trace", "--all", "--pid", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exactly one", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    [Fact]
    public void Version_and_help_work()
    {
        var version = AshiatoCli.Cli("--version");
        var help = AshiatoCli.Cli("trace", "--help");

        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--every-open", help.Stdout);
    }
}
