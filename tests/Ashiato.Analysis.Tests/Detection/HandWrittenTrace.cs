namespace Ashiato.Analysis.Tests.Detection;

/// <summary>
/// A small trace written by the test, for what a real run cannot stage on demand (pid reuse, a second runner job).
/// Every rule is also tested on traces recorded by the real tracer.
/// </summary>
public sealed class HandWrittenTrace : IDisposable
{
    public HandWrittenTrace(IEnumerable<string> lines)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ashiato-analysis-{Guid.NewGuid():N}.jsonl");
        File.WriteAllText(Path, string.Concat(lines.Select(l => l + "\n")));
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);

    public static string Exec(int second, long pid, long ppid, string filename, params string[] args) =>
        $$"""{"type":"process_exec","timestamp":"2026-11-27T10:00:{{second:00}}.000000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"{{System.IO.Path.GetFileName(filename)}}","filename":"{{filename}}","args":[{{string.Join(",", args.Select(a => $"\"{a}\""))}}]}""";

    public static string Open(int second, long pid, long ppid, string path, string? resolved = null) =>
        $$"""{"type":"file_open","timestamp":"2026-11-27T10:00:{{second:00}}.500000Z","pid":{{pid}},"ppid":{{ppid}},"comm":"node","path":"{{path}}","flags":"O_RDONLY"{{(resolved is null ? "" : $",\"resolved_path\":\"{resolved}\"")}}}""";
}
