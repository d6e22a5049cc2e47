using System.Text;

namespace Ashiato.Query.Interactive;

/// <summary>
/// A small line editor for the terminal: arrows, Home/End, Backspace/Delete, up/down through history, which is kept
/// in a file between sessions. Ctrl+D on an empty line ends input; Ctrl+C clears the line.
/// </summary>
public sealed class ConsoleLineEditor : ILineSource
{
    private const int MaxHistory = 1000;

    private readonly List<string> _history = [];
    private readonly string? _historyPath;

    public ConsoleLineEditor(string? historyPath)
    {
        _historyPath = historyPath;
        if (historyPath is not null && File.Exists(historyPath))
        {
            _history.AddRange(File.ReadAllLines(historyPath).Select(Unescape).TakeLast(MaxHistory));
        }
    }

    public string? ReadLine(string prompt)
    {
        // While editing, Ctrl+C clears the line (as in psql and duckdb) instead of ending the program.
        var treatControlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            return Edit(prompt);
        }
        finally
        {
            Console.TreatControlCAsInput = treatControlC;
        }
    }

    private string? Edit(string prompt)
    {
        Console.Write(prompt);
        var line = new StringBuilder();
        var cursor = 0;
        var recalled = _history.Count;
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.WriteLine();
                    return line.ToString();
                case ConsoleKey.D when key.Modifiers.HasFlag(ConsoleModifiers.Control) && line.Length == 0:
                    Console.WriteLine();
                    return null;
                case ConsoleKey.C when key.Modifiers.HasFlag(ConsoleModifiers.Control):
                    Console.WriteLine("^C");
                    return "";
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < line.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                    cursor = line.Length;
                    break;
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.UpArrow when recalled > 0:
                case ConsoleKey.DownArrow when recalled < _history.Count:
                    recalled += key.Key == ConsoleKey.UpArrow ? -1 : 1;
                    line.Clear().Append(recalled < _history.Count ? _history[recalled].ReplaceLineEndings(" ") : "");
                    cursor = line.Length;
                    break;
                default:
                    if (char.IsControl(key.KeyChar))
                    {
                        break;
                    }
                    line.Insert(cursor++, key.KeyChar);
                    if (cursor == line.Length)
                    {
                        Console.Write(key.KeyChar); // typing at the end needs no redraw
                        continue;
                    }
                    break;
            }
            Redraw(prompt, line, cursor);
        }
    }

    public void AddHistory(string entry)
    {
        if (_history.Count > 0 && _history[^1] == entry)
        {
            return;
        }
        _history.Add(entry);
        if (_historyPath is null)
        {
            return;
        }
        try
        {
            File.AppendAllLines(_historyPath, [Escape(entry)]);
        }
        catch (IOException)
        {
            // History is a convenience: a read-only home directory must not break the prompt.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Redraw(string prompt, StringBuilder line, int cursor)
    {
        // Carriage return, prompt and text, clear to end of line, then move the cursor back into place.
        Console.Write($"\r{prompt}{line}\u001b[K");
        var back = line.Length - cursor;
        if (back > 0)
        {
            Console.Write($"\u001b[{back}D");
        }
    }

    private static string Escape(string entry) => entry.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Unescape(string stored)
    {
        var text = new StringBuilder(stored.Length);
        for (var i = 0; i < stored.Length; i++)
        {
            if (stored[i] == '\\' && i + 1 < stored.Length)
            {
                text.Append(stored[++i] == 'n' ? '\n' : stored[i]);
                continue;
            }
            text.Append(stored[i]);
        }
        return text.ToString();
    }
}
