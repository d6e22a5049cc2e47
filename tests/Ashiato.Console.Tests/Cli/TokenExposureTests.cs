using System.Net.Http.Json;
using System.Text.Json;
using Ashiato.Web.Auth;
using Ashiato.Web.Tests.Support;

namespace Ashiato.Web.Tests.Cli;

/// <summary>
/// <c>ashiato trace --upload</c> runs an untrusted job: the job must not find the ingest token in its environment or in
/// its tracer's argv. The traced command itself looks, as an attacker's build step would.
/// </summary>
[Trait("Category", "kernel")]
public sealed class TokenExposureTests
{
    /// <summary>Writes the command's environment and its parent's (the tracer's) argv next to the trace.</summary>
    private const string Snoop = "env > \"$SNOOP/env\"; tr '\\0' ' ' < /proc/$PPID/cmdline > \"$SNOOP/cmdline\"";

    [Theory]
    [InlineData("ASHIATO_TOKEN")]
    [InlineData("ASHIATO_TOKEN_FILE")]
    [InlineData("--token-file")]
    public async Task The_traced_command_sees_no_token_in_its_environment_or_its_tracers_argv(string form)
    {
        await using var console = await RunningConsole.StartAsync();
        var ingest = await console.CreateTokenAsync("default", TokenRole.Ingest);
        var tokenFile = Path.Combine(console.DataDirectory, "ingest.token");
        await File.WriteAllTextAsync(tokenFile, ingest + "\n");
        var output = Path.Combine(console.DataDirectory, "traced.jsonl.gz");
        var environment = new Dictionary<string, string> { ["SNOOP"] = console.DataDirectory };
        List<string> args = ["trace", "-o", output, "--upload", console.BaseUrl.ToString(), "--job", "snoop"];
        switch (form)
        {
            case "ASHIATO_TOKEN":
                environment["ASHIATO_TOKEN"] = ingest;
                break;
            case "ASHIATO_TOKEN_FILE":
                environment["ASHIATO_TOKEN_FILE"] = tokenFile;
                break;
            default:
                args.AddRange(["--token-file", tokenFile]);
                break;
        }

        using var tracer = AshiatoProcess.Start([.. args, "--", "sh", "-c", Snoop], environment);
        var (exit, stdout, stderr) = await tracer.WaitAsync();

        Assert.True(exit == 0, stderr);
        var seen = await File.ReadAllTextAsync(Path.Combine(console.DataDirectory, "env"));
        var argv = await File.ReadAllTextAsync(Path.Combine(console.DataDirectory, "cmdline"));
        Assert.Contains("SNOOP=", seen); // the snoop ran and its environment is the one it inherited
        Assert.Contains("ashiato", argv);
        Assert.DoesNotContain(ingest, seen);
        Assert.DoesNotContain("ASHIATO_TOKEN", seen);
        Assert.DoesNotContain(ingest, argv);
        // The upload still used the token.
        var id = stdout.TrimEnd().Split('\n')[^1];
        Assert.Equal("snoop", (await console.Client().GetFromJsonAsync<JsonElement>($"/api/jobs/{id}")).GetProperty("job").GetString());
    }

    [Fact]
    public async Task A_token_in_argv_is_refused_before_tracing()
    {
        var (exit, stdout, stderr) = await AshiatoProcess.RunAsync("trace", "-o", "/tmp/never.jsonl.gz", "--upload", "http://127.0.0.1:9",
            "--token", "ash_secret", "--", "/bin/true");

        Assert.Equal(2, exit);
        Assert.Contains("--token would show the token to the traced command", stderr);
        Assert.Empty(stdout);
    }
}
