using System.CommandLine;
using Ashiato.Web.Storage;

namespace Ashiato.Cli.Commands;

/// <summary>What describes an upload: shared by <c>ashiato upload</c> and <c>ashiato trace --upload</c>.</summary>
internal sealed class UploadOptions
{
    public Option<string?> Token { get; } = new("--token") { Description = "Ingest or admin token (default: $ASHIATO_TOKEN)" };

    public Option<string?> Job { get; } = new("--job") { Description = "Job name, for example \"repo build #12\"" };

    public Option<string?> Repo { get; } = new("--repo") { Description = "Repository" };

    public Option<string?> Workflow { get; } = new("--workflow") { Description = "Workflow name" };

    public Option<string?> RunId { get; } = new("--run-id") { Description = "CI run id" };

    public Option<string?> Sha { get; } = new("--sha") { Description = "Commit" };

    public IEnumerable<Option> All => [Token, Job, Repo, Workflow, RunId, Sha];

    public string TokenOf(ParseResult parse) =>
        parse.GetValue(Token) ?? Environment.GetEnvironmentVariable("ASHIATO_TOKEN") ?? "";

    public JobMetadata MetadataOf(ParseResult parse, string defaultJob) => new(
        parse.GetValue(Job) ?? defaultJob, parse.GetValue(Repo), parse.GetValue(Workflow), parse.GetValue(RunId), parse.GetValue(Sha));
}
