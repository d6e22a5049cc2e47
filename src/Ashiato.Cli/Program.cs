using System.CommandLine;
using Ashiato.Cli;
using Ashiato.Cli.Commands;

// Composition only: each command lives in Commands/ and calls into the libraries.
var root = new RootCommand("Ashiato (足跡): eBPF tracer and trace console for CI runners.")
{
    TraceCommand.Create(),
    AgentCommand.Create(),
    QueryCommand.Create(),
    ServeCommand.Create(),
    UploadCommand.Create(),
    TokenCommand.Create(),
    RetentionCommand.Create(),
    DetectCommand.Create(),
    DiffCommand.Create(),
};
return await CliRunner.RunAsync(root, args);
