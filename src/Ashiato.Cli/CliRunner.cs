using System.CommandLine;
using Ashiato.Events;

namespace Ashiato.Cli;

/// <summary>Runs the command line and turns user-facing errors into one line on stderr and a non-zero exit.</summary>
public static class CliRunner
{
    public const int UserErrorExitCode = 2;

    public static async Task<int> RunAsync(RootCommand root, string[] args, TextWriter? stderr = null)
    {
        stderr ??= Console.Error;
        try
        {
            var parse = root.Parse(args);
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // Commands handle SIGINT/SIGTERM themselves: trace forwards them to the traced command.
                ProcessTerminationTimeout = null,
            });
        }
        catch (UserFacingException e)
        {
            await stderr.WriteLineAsync($"ashiato: {e.Message}");
            return UserErrorExitCode;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
    }
}
