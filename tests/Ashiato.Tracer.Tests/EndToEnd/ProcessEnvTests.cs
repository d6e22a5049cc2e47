using System.Text.Json;
using Ashiato.Events.Jsonl;
using Ashiato.Tracer.Abi;
using Ashiato.Tracer.Tests.Support;

namespace Ashiato.Tracer.Tests.EndToEnd;

/// <summary>
/// process_exec.env on the real kernel: the allow-listed variables of each exec's new environment, read and
/// filtered in the kernel. Each command starts from `env -i`, so the test runner's own environment cannot add to it.
/// </summary>
[Collection(WorkloadCollection.Name)]
[Trait("Category", "kernel")]
public sealed class ProcessEnvTests(Workload workload)
{
    /// <summary>A real, empty shared object: the loader preloads it without a warning.</summary>
    private string EmptyLibrary()
    {
        var library = Path.Combine(workload.Directory, "empty.so");
        if (!File.Exists(library))
        {
            var result = CommandRunner.Run(["gcc", "-shared", "-o", library, "-x", "c", "/dev/null"]);
            Assert.True(result.ExitCode == 0, $"gcc failed: {result}");
        }
        return library;
    }

    private static JsonElement ExecOfTrue(TraceResult trace) =>
        Assert.Single(trace.OfType("process_exec"), e => e.Str("filename") == "/bin/true");

    private static Dictionary<string, string> Env(JsonElement exec) =>
        exec.TryGetProperty("env", out var env)
            ? env.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : [];

    [Fact]
    public void A_preloaded_library_shows_in_env_with_exactly_its_value()
    {
        var library = EmptyLibrary();

        var trace = AshiatoCli.Trace(["env", "-i", $"LD_PRELOAD={library}", "/bin/true"]);

        Assert.Equal(0, trace.Run.ExitCode);
        var exec = ExecOfTrue(trace);
        Assert.Equal(new Dictionary<string, string> { ["LD_PRELOAD"] = library }, Env(exec));
        Assert.False(exec.TryGetProperty("env_truncated", out _));
    }

    [Fact]
    public void Every_allow_listed_variable_is_reported_and_nothing_else()
    {
        var allowed = ExecEnvNames.All.ToDictionary(name => name, name => name switch
        {
            "LD_PRELOAD" => EmptyLibrary(),
            "LD_LIBRARY_PATH" or "LD_AUDIT" => "",
            _ => $"value of {name} = with spaces",
        });
        string[] others = ["PATH=/usr/bin:/bin", "HOME=/root", "GREETING=hello", "CI=true"];

        var trace = AshiatoCli.Trace(["env", "-i", .. others, .. allowed.Select(p => $"{p.Key}={p.Value}"), "/bin/true"]);

        Assert.Equal(allowed, Env(ExecOfTrue(trace)));
    }

    [Fact]
    public void Names_that_only_start_like_an_allowed_one_or_appear_inside_a_value_are_not_reported()
    {
        var library = EmptyLibrary();
        string[] nearMisses =
        [
            "LD_PRELOADX=/tmp/x.so", "LD_PRELOA=/tmp/y.so", "ENVY=1", "XENV=2", "NODE_OPTIONS_EXTRA=--inspect",
            "PYTHONPATH2=/p", "GREETING=LD_PRELOAD=/not/a/variable", "E=3", "LD_=4",
        ];

        var trace = AshiatoCli.Trace(["env", "-i", .. nearMisses, $"LD_PRELOAD={library}", "/bin/true"]);

        Assert.Equal(new Dictionary<string, string> { ["LD_PRELOAD"] = library }, Env(ExecOfTrue(trace)));
    }

    [Fact]
    public void A_secret_in_the_environment_never_reaches_the_trace_file()
    {
        var secret = $"ashiato-test-secret-{Guid.NewGuid():N}";
        var secretFile = Path.Combine(workload.Directory, $"secret-{Guid.NewGuid():N}");
        File.WriteAllText(secretFile, secret);
        var output = Path.Combine(Path.GetTempPath(), $"ashiato-test-{Guid.NewGuid():N}.jsonl.gz");
        // The secret is read from a file inside the trace, so it is in no argv: only in the traced processes' environment,
        // under names a CI job uses for secrets and under names that start like allow-listed ones.
        var script = $"""
            s=$(cat {secretFile})
            export AWS_SECRET_ACCESS_KEY="$s" GITHUB_TOKEN="$s" INPUT_FOO="$s" LD_PRELOAD_TOKEN="$s" ENVIRONMENT_SECRET="$s"
            export NODE_OPTIONS=--max-old-space-size=64
            /bin/true
            sh -c /bin/true
            """;
        try
        {
            var run = AshiatoCli.Cli("trace", "-o", output, "--", "env", "-i", "PATH=/usr/bin:/bin", "sh", "-c", script);

            Assert.Equal(0, run.ExitCode);
            var lines = new List<string>();
            using (var reader = TraceLineReader.Open(output))
            {
                while (reader.TryReadLine(out var line))
                {
                    lines.Add(System.Text.Encoding.UTF8.GetString(line.Utf8.Span));
                }
            }
            var execs = lines.Select(l => JsonDocument.Parse(l).RootElement)
                .Where(r => r.Str("type") == "process_exec" && r.Str("filename") == "/bin/true").ToList();
            Assert.Equal(2, execs.Count);
            // The environment that held the secret was read: its allow-listed variable is there.
            Assert.All(execs, exec => Assert.Equal(new Dictionary<string, string> { ["NODE_OPTIONS"] = "--max-old-space-size=64" }, Env(exec)));
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
            File.Delete(secretFile);
        }
    }

    [Fact]
    public void A_long_value_is_cut_at_256_bytes()
    {
        var value = "--require=/" + new string('n', 289);

        var trace = AshiatoCli.Trace(["env", "-i", $"NODE_OPTIONS={value}", "/bin/true"]);

        Assert.Equal(300, value.Length);
        Assert.Equal(value[..256], Env(ExecOfTrue(trace))["NODE_OPTIONS"]);
    }

    /// <summary>One-KiB variables, so that the environment's size is what is tested, not the count of its entries.</summary>
    private static IEnumerable<string> Padding(int kib) =>
        Enumerable.Range(0, kib).Select(i => $"PAD_{i:D5}=" + new string('p', 1013));

    [Fact]
    public void A_variable_after_200_KiB_of_other_variables_is_still_found()
    {
        var library = EmptyLibrary();

        var trace = AshiatoCli.Trace(["env", "-i", .. Padding(200), $"LD_PRELOAD={library}", "/bin/true"]);

        var exec = ExecOfTrue(trace);
        Assert.Equal(new Dictionary<string, string> { ["LD_PRELOAD"] = library }, Env(exec));
        Assert.False(exec.TryGetProperty("env_truncated", out _));
    }

    [Fact]
    public void An_environment_past_the_scan_bound_is_flagged_and_the_exec_still_recorded()
    {
        // 1.5 MiB: more than the kernel examines (1 MiB), less than exec accepts (a quarter of the 8 MiB stack limit).
        var trace = AshiatoCli.Trace(["env", "-i", "NODE_OPTIONS=--first", .. Padding(1536), "LD_PRELOAD=/after/the/bound.so", "/bin/true"]);

        Assert.Equal(0, trace.Run.ExitCode);
        var exec = ExecOfTrue(trace);
        Assert.True(exec.GetProperty("env_truncated").GetBoolean());
        Assert.Equal(new Dictionary<string, string> { ["NODE_OPTIONS"] = "--first" }, Env(exec));
        var stats = trace.OfType("tracer_stats").Last();
        Assert.True(stats.GetProperty("truncated").GetProperty("env").GetInt64() >= 1);
    }
}
