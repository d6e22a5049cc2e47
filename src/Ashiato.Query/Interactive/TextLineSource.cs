namespace Ashiato.Query.Interactive;

/// <summary>Reads prompt input from any text reader, echoing nothing; keeps history in memory.</summary>
public sealed class TextLineSource(TextReader input) : ILineSource
{
    public List<string> History { get; } = [];

    public string? ReadLine(string prompt) => input.ReadLine();

    public void AddHistory(string entry) => History.Add(entry);
}
