using Ashiato.Analysis.Processes;

namespace Ashiato.Analysis.Tests.Units;

[Trait("Category", "unit")]
public sealed class ProgramNamesTests
{
    [Theory]
    [InlineData("/usr/bin/node", "npm", "node", "/usr/bin/npm", "install")]
    [InlineData("/usr/bin/node", "npm", "node", "/usr/lib/node_modules/npm/bin/npm-cli.js", "ci")]
    [InlineData("/usr/bin/npm", "npm", "/usr/bin/env", "node", "/usr/bin/npm", "install")]
    [InlineData("/usr/bin/python3.11", "pip", "python3", "-m", "pip", "install", "x")]
    [InlineData("/usr/bin/python3", "python", "python3", "-c", "import urllib")]
    [InlineData("/usr/bin/dotnet", "Runner.Worker", "dotnet", "/runner/bin/Runner.Worker.dll", "spawnclient")]
    [InlineData("/home/runner/bin/Runner.Worker", "Runner.Worker", "/home/runner/bin/Runner.Worker")]
    [InlineData("/usr/bin/curl", "curl", "curl", "-s", "http://x")]
    // A pyenv shim is a bash script named python3: the kernel runs it as "/usr/bin/env bash <shim> -c …".
    [InlineData("/root/.pyenv/shims/python3", "python", "/usr/bin/env", "bash", "/root/.pyenv/shims/python3", "-c", "print(1)")]
    [InlineData("/root/.pyenv/shims/pip", "pip", "/usr/bin/env", "bash", "/root/.pyenv/shims/pip", "install", "x")]
    public void Names_what_runs_through_interpreters(string filename, string expected, params string[] args) =>
        Assert.Equal(expected, ProgramNames.Of(filename, args));
}
