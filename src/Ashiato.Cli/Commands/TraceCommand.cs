using System.CommandLine;

namespace Ashiato.Cli.Commands;

public static class TraceCommand
{
    public static Command Create()
    {
        var command = new Command("trace", "Trace a command, a running process tree, or the whole machine.");
        return command;
    }
}
