using System.CommandLine;
using Ashiato.Events;
using Ashiato.Web.Storage;

namespace Ashiato.Cli.Commands;

/// <summary>What describes an upload: shared by <c>ashiato upload</c> and <c>ashiato trace --upload</c>.</summary>
internal sealed class UploadOptions
{
    public const string TokenVariable = "ASHIATO_TOKEN";
    public const string TokenFileVariable = "ASHIATO_TOKEN_FILE";

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = $"File holding the ingest or admin token, or /dev/fd/N to read it from a descriptor (default: ${TokenFileVariable})",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"Ingest or admin token (default: ${TokenVariable}); prefer --token-file, argv is readable by every process",
    };

    public Option<string?> Job { get; } = new("--job") { Description = "Job name, for example \"repo build #12\"" };

    public Option<string?> Repo { get; } = new("--repo") { Description = "Repository" };

    public Option<string?> Workflow { get; } = new("--workflow") { Description = "Workflow name" };

    public Option<string?> RunId { get; } = new("--run-id") { Description = "CI run id" };

    public Option<string?> Sha { get; } = new("--sha") { Description = "Commit" };

    public IEnumerable<Option> All => [TokenFile, Token, Job, Repo, Workflow, RunId, Sha];

    /// <summary>
    /// Takes the token: from --token-file or $ASHIATO_TOKEN_FILE (read now, and a descriptor closed), else --token, else
    /// $ASHIATO_TOKEN. The variables are then removed from this process's environment so that nothing it starts (the
    /// traced command of <c>ashiato trace --upload</c>) inherits the credential.
    /// </summary>
    public string TakeToken(ParseResult parse)
    {
        var file = parse.GetValue(TokenFile) ?? Environment.GetEnvironmentVariable(TokenFileVariable);
        var fromEnvironment = Environment.GetEnvironmentVariable(TokenVariable);
        Environment.SetEnvironmentVariable(TokenVariable, null);
        Environment.SetEnvironmentVariable(TokenFileVariable, null);
        return file is not null ? ReadTokenFile(file) : parse.GetValue(Token) ?? fromEnvironment ?? "";
    }

    /// <summary>
    /// A descriptor (<c>/dev/fd/N</c>, as <c>--token-file /dev/fd/3 3&lt;&lt;&lt;"$T"</c> gives) is read through the
    /// descriptor itself and closed afterwards: left open, it would be inherited by the traced command.
    /// </summary>
    private static FileStream OpenTokenSource(string path)
    {
        var prefix = path.StartsWith("/dev/fd/", StringComparison.Ordinal) ? "/dev/fd/" : path.StartsWith("/proc/self/fd/", StringComparison.Ordinal) ? "/proc/self/fd/" : null;
        if (prefix is not null && int.TryParse(path.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var fd) && fd > 2)
        {
            return new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1);
        }
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096);
    }

    private static string ReadTokenFile(string path)
    {
        try
        {
            // One line; a trailing newline (echo "$T" > file) is not part of the token.
            using var reader = new StreamReader(OpenTokenSource(path));
            var token = (reader.ReadLine() ?? "").Trim();
            return token.Length > 0 ? token : throw new UserFacingException($"{path}: the token file is empty");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException($"{path}: cannot read the token: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}", e);
        }
    }

    public JobMetadata MetadataOf(ParseResult parse, string defaultJob) => new(
        parse.GetValue(Job) ?? defaultJob, parse.GetValue(Repo), parse.GetValue(Workflow), parse.GetValue(RunId), parse.GetValue(Sha));
}
