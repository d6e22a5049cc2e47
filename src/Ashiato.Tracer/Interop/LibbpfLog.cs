using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Ashiato.Tracer.Interop;

/// <summary>
/// Collects libbpf's messages (verifier logs included) on the calling thread while a capture is open, so a
/// load failure can show the user the last lines of the verifier log. libbpf's print hook is process-wide
/// and has no context argument; the thread-static capture keeps concurrent loads apart.
/// </summary>
internal sealed unsafe class LibbpfLog : IDisposable
{
    private const int KeptLines = 400;

    [ThreadStatic]
    private static LibbpfLog? t_current;

    private readonly Queue<string> _lines = new();
    private readonly LibbpfLog? _previous;

    private LibbpfLog()
    {
        _previous = t_current;
        t_current = this;
    }

    public static LibbpfLog Capture()
    {
        Libbpf.libbpf_set_print(&OnPrint);
        return new LibbpfLog();
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The last lines that say something: verifier instruction dumps are mostly noise for a user.</summary>
    public string Tail(int count) => string.Join(Environment.NewLine,
        _lines.Where(l => l.Length > 0 && !l.StartsWith(';')).TakeLast(count));

    public void Dispose() => t_current = _previous;

    private void Add(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            _lines.Enqueue(line.TrimEnd());
            if (_lines.Count > KeptLines)
            {
                _lines.Dequeue();
            }
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnPrint(int level, byte* format, nint args)
    {
        try
        {
            var capture = t_current;
            if (capture is null)
            {
                return 0;
            }
            const int size = 8192;
            var buffer = stackalloc byte[size];
            var written = Libc.vsnprintf(buffer, size, format, args);
            if (written > 0)
            {
                capture.Add(Encoding.UTF8.GetString(buffer, Math.Min(written, size - 1)).TrimEnd('\n'));
            }
        }
        catch
        {
            // Never throw across the native boundary; a lost log line is acceptable.
        }
        return 0;
    }
}
