using System.Globalization;
using System.Text;

namespace FakeRunner.Protocol;

/// <summary>
/// A runner diagnostic log in <c>_diag/</c>, in the real format (HostTraceListener): the file is
/// <c>{Prefix}_yyyyMMdd-HHmmss-utc.log</c>, each entry starts <c>[yyyy-MM-dd HH:mm:ssZ INFO Source] </c>, and every
/// write is flushed. A second log opened in the same second appends to the same file, as the real one does.
/// </summary>
public sealed class DiagLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    private DiagLog(string path)
    {
        Path = path;
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    public string Path { get; }

    public static string FileName(string prefix, DateTime utcNow) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}_{utcNow:yyyyMMdd-HHmmss}-utc.log");

    public static DiagLog Open(string directory, string prefix)
    {
        Directory.CreateDirectory(directory);
        return new DiagLog(System.IO.Path.Combine(directory, FileName(prefix, DateTime.UtcNow)));
    }

    /// <summary>One entry's text: the header and the message (which may span lines, as "Job message:" does).</summary>
    public static string Format(DateTime utcNow, DiagLevel level, string source, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"[{utcNow:yyyy-MM-dd HH:mm:ss}Z {Label(level)} {source}] {message}");

    public void Info(string source, string message) => Write(DiagLevel.Info, source, message);

    public void Warning(string source, string message) => Write(DiagLevel.Warning, source, message);

    public void Error(string source, string message) => Write(DiagLevel.Error, source, message);

    public void Write(DiagLevel level, string source, string message)
    {
        lock (_lock)
        {
            _writer.WriteLine(Format(DateTime.UtcNow, level, source, message));
        }
    }

    public void Dispose() => _writer.Dispose();

    private static string Label(DiagLevel level) => level switch
    {
        DiagLevel.Error => "ERR ",
        DiagLevel.Warning => "WARN",
        DiagLevel.Verbose => "VERB",
        _ => "INFO",
    };
}

public enum DiagLevel
{
    Verbose,
    Info,
    Warning,
    Error,
}
