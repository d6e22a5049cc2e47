using System.Text;
using System.Text.RegularExpressions;

namespace FakeRunner.Worker;

/// <summary>One <c>${{ … }}</c> the fake runner understands, or the literal text between them.</summary>
internal abstract record ExpressionPart;

internal sealed record LiteralPart(string Text) : ExpressionPart;

/// <summary><c>secrets.NAME</c>.</summary>
internal sealed record SecretPart(string Name) : ExpressionPart;

/// <summary><c>github.key</c>, e.g. <c>github.token</c> or <c>github.workspace</c>.</summary>
internal sealed record GitHubPart(string Key) : ExpressionPart;

/// <summary><c>inputs.name</c>, inside a composite action.</summary>
internal sealed record InputPart(string Name) : ExpressionPart;

/// <summary><c>hashFiles('pattern', …)</c>: the runner computes it by starting node on <c>bin/hashFiles</c>.</summary>
internal sealed record HashFilesPart(IReadOnlyList<string> Patterns) : ExpressionPart;

/// <summary>Splits a value into literal text and the few expressions that matter for a process tree. Pure.</summary>
internal static partial class ExpressionParser
{
    public static IReadOnlyList<ExpressionPart> Parse(string value)
    {
        var parts = new List<ExpressionPart>();
        var position = 0;
        foreach (Match match in Template().Matches(value))
        {
            if (match.Index > position)
            {
                parts.Add(new LiteralPart(value[position..match.Index]));
            }
            parts.Add(ParseExpression(match.Groups[1].Value.Trim()));
            position = match.Index + match.Length;
        }
        if (position < value.Length)
        {
            parts.Add(new LiteralPart(value[position..]));
        }
        return parts;
    }

    private static ExpressionPart ParseExpression(string expression)
    {
        if (Secret().Match(expression) is { Success: true } secret)
        {
            return new SecretPart(secret.Groups[1].Value);
        }
        if (GitHub().Match(expression) is { Success: true } github)
        {
            return new GitHubPart(github.Groups[1].Value);
        }
        if (Input().Match(expression) is { Success: true } input)
        {
            return new InputPart(input.Groups[1].Value);
        }
        if (HashFiles().Match(expression) is { Success: true } hashFiles)
        {
            var patterns = QuotedArgument().Matches(hashFiles.Groups[1].Value).Select(m => m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)).ToList();
            if (patterns.Count > 0)
            {
                return new HashFilesPart(patterns);
            }
        }
        throw new InvalidDataException($"unsupported expression '${{{{ {expression} }}}}': the fake runner evaluates secrets.NAME, github.key, inputs.name and hashFiles('pattern', ...)");
    }

    [GeneratedRegex(@"\$\{\{(.*?)\}\}", RegexOptions.Singleline)]
    private static partial Regex Template();

    [GeneratedRegex(@"^secrets\.([A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex Secret();

    [GeneratedRegex(@"^github\.([a-z_]+)$")]
    private static partial Regex GitHub();

    [GeneratedRegex(@"^inputs\.([A-Za-z_][A-Za-z0-9_-]*)$")]
    private static partial Regex Input();

    [GeneratedRegex(@"^hashFiles\((.*)\)$", RegexOptions.Singleline)]
    private static partial Regex HashFiles();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex QuotedArgument();
}

/// <summary>
/// Evaluates values against the job's secrets and github context, and a composite action's inputs; hashFiles is
/// delegated, since it starts a process.
/// </summary>
internal sealed class ExpressionEvaluator(
    IReadOnlyDictionary<string, string> secrets,
    IReadOnlyDictionary<string, string> contexts,
    Func<IReadOnlyList<string>, Task<string>> hashFiles,
    IReadOnlyDictionary<string, string>? inputs = null)
{
    /// <summary>The same evaluator inside a composite action, where <c>inputs.*</c> are its inputs.</summary>
    public ExpressionEvaluator WithInputs(IReadOnlyDictionary<string, string> compositeInputs) =>
        new(secrets, contexts, hashFiles, compositeInputs);

    public async Task<string> EvaluateAsync(string value)
    {
        var result = new StringBuilder();
        foreach (var part in ExpressionParser.Parse(value))
        {
            result.Append(part switch
            {
                LiteralPart literal => literal.Text,
                SecretPart secret => secrets.GetValueOrDefault(secret.Name, string.Empty),
                GitHubPart { Key: "token" } => secrets.GetValueOrDefault("GITHUB_TOKEN", string.Empty),
                GitHubPart github => contexts.GetValueOrDefault("GITHUB_" + github.Key.ToUpperInvariant(), string.Empty),
                InputPart input when inputs is not null => inputs.GetValueOrDefault(input.Name, string.Empty),
                InputPart input => throw new InvalidDataException($"inputs.{input.Name} is only defined inside a composite action"),
                HashFilesPart call => await hashFiles(call.Patterns),
                _ => throw new InvalidOperationException($"unhandled expression part {part}"),
            });
        }
        return result.ToString();
    }

    public async Task<IReadOnlyDictionary<string, string>> EvaluateAsync(IReadOnlyDictionary<string, string> values)
    {
        var evaluated = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            evaluated[name] = await EvaluateAsync(value);
        }
        return evaluated;
    }
}
