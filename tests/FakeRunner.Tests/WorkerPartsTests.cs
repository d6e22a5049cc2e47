using FakeRunner.Protocol;
using FakeRunner.Worker;

namespace FakeRunner.Tests;

/// <summary>The worker's pure parts: step names, expressions, manifests, shells.</summary>
[Trait("Category", "kernel")]
public sealed class WorkerPartsTests
{
    [Fact]
    public void Steps_are_named_as_the_runner_names_them()
    {
        var plan = JobPlan.Build(
        [
            new RunStep { Run = "\n  make all\nmake check" },
            new RunStep { Run = "true", Name = "Test" },
            new ActionStep { Uses = "actions/checkout@v4" },
            new ActionStep { Uses = "actions/checkout@v4", Id = "again" },
            new ActionStep { Uses = "actions/checkout@v4" },
            new WaitAllStep(),
        ]);
        Assert.Equal(["__run", "__run_2", "__actions_checkout", "again", "__actions_checkout_2", "__wait-all"], plan.Select(step => step.ContextName));
        Assert.Equal(["Run make all", "Test", "Run actions/checkout@v4", "Run actions/checkout@v4", "Run actions/checkout@v4", "wait-all"], plan.Select(step => step.DisplayName));
    }

    [Fact]
    public async Task Expressions_give_secrets_github_values_inputs_and_hashFiles()
    {
        var hashed = new List<IReadOnlyList<string>>();
        var evaluator = new ExpressionEvaluator(
            new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghs_x", ["NPM"] = "npm_y" },
            new Dictionary<string, string> { ["GITHUB_SHA"] = "abc" },
            patterns =>
            {
                hashed.Add(patterns);
                return Task.FromResult("f00d");
            });
        Assert.Equal("t=ghs_x n=npm_y s=abc", await evaluator.EvaluateAsync("t=${{ github.token }} n=${{secrets.NPM}} s=${{ github.sha }}"));
        Assert.Equal("key-f00d", await evaluator.EvaluateAsync("key-${{ hashFiles('**/a.lock', 'b''s.txt') }}"));
        Assert.Equal(["**/a.lock", "b's.txt"], Assert.Single(hashed));
        Assert.Equal("build release", await evaluator.WithInputs(new Dictionary<string, string> { ["target"] = "release" }).EvaluateAsync("build ${{ inputs.target }}"));
        var outside = await Assert.ThrowsAsync<InvalidDataException>(() => evaluator.EvaluateAsync("${{ inputs.target }}"));
        Assert.Equal("inputs.target is only defined inside a composite action", outside.Message);
        var unsupported = await Assert.ThrowsAsync<InvalidDataException>(() => evaluator.EvaluateAsync("${{ matrix.os }}"));
        Assert.StartsWith("unsupported expression '${{ matrix.os }}'", unsupported.Message);
    }

    [Fact]
    public void A_node_manifest_gives_entry_points_and_input_defaults()
    {
        var action = new ActionReference("o", "r", null, "v1");
        var definition = Assert.IsType<NodeActionDefinition>(ActionManifest.Parse("""
            name: x
            inputs:
              token:
                default: ${{ github.token }}
              path: {}
            runs:
              using: node20
              main: dist/index.js
              post: dist/post.js
            """, action, "/a", "/a/action.yml"));
        Assert.Equal(("dist/index.js", (string?)null, "dist/post.js"), (definition.Main, definition.Pre, definition.Post));
        Assert.Equal([new("token", "${{ github.token }}"), new KeyValuePair<string, string>("path", string.Empty)], definition.InputDefaults);
        Assert.Equal(
            [new("INPUT_TOKEN", "t"), new KeyValuePair<string, string>("INPUT_MY_PATH", "p")],
            NodeHandler.InputVariables(new Dictionary<string, string> { ["token"] = "t", ["my path"] = "p" }));
    }

    [Theory]
    [InlineData("runs:\n  using: docker\n  image: Dockerfile\n", "/a/action.yml: docker actions are not supported by the fake runner (no docker on the test machines)")]
    [InlineData("runs:\n  using: node26\n  main: x.js\n", "/a/action.yml: runs.using 'node26' is not supported by the fake runner (it ships node20 and node24)")]
    [InlineData("runs:\n  using: composite\n  steps:\n    - run: make\n", "/a/action.yml: a composite 'run:' step must name its 'shell:'")]
    [InlineData("name: [unclosed\n", "/a/action.yml: ")]
    public void Unsupported_or_broken_manifests_get_one_message_naming_the_file(string yaml, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => ActionManifest.Parse(yaml, new ActionReference("o", "r", null, "v1"), "/a", "/a/action.yml"));
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData(null, "-e {0}")]
    [InlineData("bash", "--noprofile --norc -e -o pipefail {0}")]
    [InlineData("sh", "-e {0}")]
    public void Shells_get_the_real_runner_arguments(string? shell, string arguments) =>
        Assert.Equal(arguments, ScriptHandler.ArgumentTemplate(shell));

    [Fact]
    public void A_GITHUB_ENV_file_gives_its_variables_and_one_clear_message_when_broken()
    {
        Assert.Equal(
            [new("A", "1"), new("B", "x\ny=z"), new KeyValuePair<string, string>("C", "<<not a heredoc")],
            FileCommands.ParseEnvironmentFile("A=1\nB<<END\nx\ny=z\nEND\nC=<<not a heredoc\n"));
        var error = Assert.Throws<InvalidDataException>(() => FileCommands.ParseEnvironmentFile("B<<END\nx\n"));
        Assert.Equal("GITHUB_ENV: 'B<<END' has no closing 'END' line", error.Message);
    }
}
