using Ashiato.Events;
using Ashiato.Tracer.Jobs;

namespace Ashiato.Tracer.Tests.Unit;

/// <summary>Step kinds from the command lines the real runner uses (shared/research/runner-integration.md).</summary>
[Trait("Category", "unit")]
public sealed class StepClassifierTests
{
    private const string Temp = "/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.sh";

    [Fact]
    public void A_run_step_in_either_shell_form_is_run_with_its_script()
    {
        var plain = StepClassifier.Classify("/usr/bin/bash", "/usr/bin/bash", ["/usr/bin/bash", "-e", Temp], null);
        var pipefail = StepClassifier.Classify("/usr/bin/bash", "/usr/bin/bash", ["/usr/bin/bash", "--noprofile", "--norc", "-e", "-o", "pipefail", Temp], null);

        Assert.Equal(new StepIdentity(StepKind.Run, null, Temp), plain);
        Assert.Equal(new StepIdentity(StepKind.Run, null, Temp), pipefail);
    }

    [Theory]
    [InlineData("/home/runner/work/_actions/tj-actions/changed-files/v45/dist/index.js", "tj-actions/changed-files@v45")]
    [InlineData("/opt/runner/_work/_actions/actions/checkout/11bd71901bbe5b1630ceea73d27597364c9af683/dist/post/index.js", "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")]
    public void Node_on_a_cached_action_is_that_action(string entry, string action)
    {
        var step = StepClassifier.Classify("/opt/runner/externals/node20/bin/node", "/opt/runner/externals/node20/bin/node", ["/opt/runner/externals/node20/bin/node", entry], null);

        Assert.Equal(new StepIdentity(StepKind.Action, action, entry), step);
    }

    [Fact]
    public void An_inner_step_of_a_composite_action_names_the_composite()
    {
        var env = new Dictionary<string, string> { ["GITHUB_ACTION_PATH"] = "/home/runner/work/_actions/org/compose/v1" };

        var step = StepClassifier.Classify("/usr/bin/bash", "/usr/bin/bash", ["bash", "-e", Temp], env);

        Assert.Equal(new StepIdentity(StepKind.Composite, "org/compose@v1", Temp), step);
    }

    [Theory]
    [InlineData("/usr/bin/tar", "tar -xzf /home/runner/work/_actions/_temp_1/a.tar.gz")]
    [InlineData("/usr/bin/chmod", "chmod +x /x")]
    [InlineData("/opt/runner/externals/node20/bin/node", "node /opt/runner/bin/hashFiles/index.js")]
    [InlineData("/opt/runner/externals/node20/bin/node", "node /opt/runner/bin/hashFiles")]
    [InlineData("/opt/runner/externals/node20/bin/node", "node --version")]
    public void Housekeeping_is_the_runners(string exe, string commandLine)
    {
        var step = StepClassifier.Classify(exe, exe, commandLine.Split(' '), null, runnerRoot: "/opt/runner");

        Assert.Equal(StepKind.Runner, step.Kind);
    }

    [Theory]
    [InlineData("/usr/bin/pwsh", new[] { "pwsh", "-command", ". '/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.ps1'" }, "/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.ps1")]
    [InlineData("/usr/bin/python3.12", new[] { "python", "/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.py" }, "/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.py")]
    [InlineData("/usr/bin/perl", new[] { "perl", "/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.pl" }, "/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.pl")]
    [InlineData("/usr/local/bin/node", new[] { "node", "/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.js" }, "/home/runner/work/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.js")]
    public void A_run_step_in_any_shell_is_known_by_the_script_the_worker_wrote(string exe, string[] args, string script)
    {
        var step = StepClassifier.Classify(exe, exe, args, null, runnerRoot: "/opt/runner");

        Assert.Equal(new StepIdentity(StepKind.Run, null, script), step);
    }

    [Fact]
    public void Node_on_a_script_outside_the_runner_and_its_actions_is_a_javascript_job_hook()
    {
        var node = "/opt/runner/externals/node20/bin/node";

        var step = StepClassifier.Classify(node, node, [node, "/opt/hooks/started.js"], null, runnerRoot: "/opt/runner");

        Assert.Equal(new StepIdentity(StepKind.Hook, null, "/opt/hooks/started.js"), step);
    }

    [Fact]
    public void A_shell_on_a_script_outside_temp_is_a_job_hook()
    {
        var step = StepClassifier.Classify("/usr/bin/bash", "/usr/bin/bash", ["/usr/bin/bash", "-e", "/opt/hooks/started.sh"], null);

        Assert.Equal(new StepIdentity(StepKind.Hook, null, "/opt/hooks/started.sh"), step);
    }

    [Fact]
    public void The_docker_cli_is_a_docker_step()
    {
        var step = StepClassifier.Classify("/usr/bin/docker", "/usr/bin/docker", ["docker", "exec", "-i", "abc", "sh", "-e", "/__w/_temp/6f1d1b2e-2f43-4a8e-9a41-0c1d2e3f4a5b.sh"], null);

        Assert.Equal(StepKind.Docker, step.Kind);
    }
}
