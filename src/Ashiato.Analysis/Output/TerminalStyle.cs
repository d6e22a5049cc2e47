using Ashiato.Analysis.Rules;

namespace Ashiato.Analysis.Output;

/// <summary>ANSI colours for text output on a terminal; plain text otherwise.</summary>
public sealed class TerminalStyle(bool colour)
{
    public static TerminalStyle Plain { get; } = new(false);

    /// <summary>Colours when standard output is a terminal and NO_COLOR (no-color.org) is not set.</summary>
    public static TerminalStyle ForStandardOutput() =>
        new(!Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null);

    public string Severity(Severity severity, string text) => severity switch
    {
        Rules.Severity.High => Wrap("1;31", text),
        Rules.Severity.Medium => Wrap("1;33", text),
        _ => Wrap("1;36", text),
    };

    public string Bold(string text) => Wrap("1", text);

    public string Dim(string text) => Wrap("2", text);

    public string Added(string text) => Wrap("32", text);

    private string Wrap(string code, string text) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
