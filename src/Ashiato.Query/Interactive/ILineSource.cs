namespace Ashiato.Query.Interactive;

/// <summary>Where the prompt reads lines from: a line editor on a terminal, or plain text in tests and pipes.</summary>
public interface ILineSource
{
    /// <summary>Shows <paramref name="prompt"/> and returns the next line, or null at end of input.</summary>
    string? ReadLine(string prompt);

    /// <summary>Remembers a complete entry so it can be recalled (arrow up) and survives the session.</summary>
    void AddHistory(string entry);
}
