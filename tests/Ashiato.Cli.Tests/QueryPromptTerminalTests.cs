using System.Diagnostics;
using System.Text;

namespace Ashiato.Cli.Tests;

/// <summary>
/// The interactive prompt on a real terminal: util-linux's <c>script</c> gives <c>ashiato query</c> a pseudo-terminal,
/// so Ctrl+C goes through the terminal driver as it does for a user.
/// </summary>
[Trait("Category", "unit")]
public sealed class QueryPromptTerminalTests : IDisposable
{
    private const string CtrlC = "\u0003";

    private readonly string _dir = Directory.CreateTempSubdirectory("ashiato-prompt-").FullName;

    [Fact]
    public async Task Ctrl_C_stops_a_running_query_and_the_prompt_takes_the_next_one()
    {
        var trace = Path.Combine(_dir, "job.jsonl");
        File.WriteAllText(trace, """{"type":"process_exec","timestamp":"2026-11-27T15:00:01.000000Z","pid":1,"comm":"sh","filename":"/bin/sh","args":["sh"]}""" + "\n");
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // script runs the command through $SHELL -c. "exec" leaves ashiato alone in the terminal's foreground group, as a
        // user's interactive shell does: otherwise a non-interactive dash (SHELL=/bin/sh in CI) waits in that group, dies
        // of the Ctrl+C and script reports 130 although ashiato went on.
        foreach (var argument in new[] { "-qfec", $"exec {Path.Combine(AppContext.BaseDirectory, "ashiato")} query {trace}", "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["HOME"] = _dir; // the prompt's history file
        using var terminal = Process.Start(start)!;
        var screen = new StringBuilder();
        var reader = Task.Run(() =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = terminal.StandardOutput.Read(buffer)) > 0)
            {
                lock (screen)
                {
                    screen.Append(buffer, 0, read);
                }
            }
        });
        string Screen()
        {
            lock (screen)
            {
                return screen.ToString();
            }
        }

        try
        {
            // Until the prompt shows, Ctrl+C ends the program, as it should while a trace loads.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Screen().Contains("ashiato> ", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            Assert.Contains("ashiato> ", Screen());
            terminal.StandardInput.Write("SELECT sum(i) FROM range(100000000000) t(i);\n");
            terminal.StandardInput.Flush();
            // Presses come fast and keep coming until the query (minutes of work) reports that it stopped, so some land
            // in the line editor (which clears the line), some between Enter and the query's start, some in the query:
            // none may end the prompt.
            while (!Screen().Contains("query cancelled", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
                terminal.StandardInput.Write(CtrlC);
                terminal.StandardInput.Flush();
            }
            terminal.StandardInput.Write("SELECT 42 AS answer;\n.quit\n");
            terminal.StandardInput.Flush();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await terminal.WaitForExitAsync(timeout.Token);
            await reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            if (!terminal.HasExited)
            {
                terminal.Kill(entireProcessTree: true);
            }
        }

        var shown = Screen();
        Assert.True(shown.Contains("query cancelled", StringComparison.Ordinal), $"no cancellation on the screen:\n{shown}");
        Assert.Matches(@"answer\s+-+\s+42\s", shown);
        Assert.True(terminal.ExitCode == 0, $"exit code {terminal.ExitCode}, screen:\n{shown}");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
