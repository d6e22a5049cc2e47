using Ashiato.Events;
using Ashiato.Tracer.Pipeline;

namespace Ashiato.Cli.Output;

/// <summary>One live line on a terminal's stderr: events so far by type, and drops.</summary>
public sealed class StatusLine(TextWriter terminal, bool enabled) : IDisposable
{
    private Timer? _timer;
    private TraceProgress? _progress;

    public void Follow(TraceProgress progress)
    {
        if (!enabled)
        {
            return;
        }
        _progress = progress;
        _timer = new Timer(_ => Draw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    public static string Render(TraceProgress progress)
    {
        // The seed's five always; the rarer evidence types once seen, so the line still fits a terminal's width.
        var counts = EventKindNames.Captured
            .Where(kind => EventKindNames.Seed.Contains(kind) || progress.Events(kind) > 0)
            .Select(kind => $"{kind.ToWire()} {progress.Events(kind)}");
        var dropped = progress.Dropped > 0 ? $" · DROPPED {progress.Dropped}" : " · 0 dropped";
        return $"ashiato: {string.Join(" · ", counts)}{dropped}";
    }

    public void Dispose()
    {
        if (_timer is null)
        {
            return;
        }
        _timer.Dispose();
        _timer = null;
        lock (terminal)
        {
            terminal.Write("\r\x1b[K");
            terminal.Flush();
        }
    }

    private void Draw()
    {
        if (_progress is null)
        {
            return;
        }
        lock (terminal)
        {
            terminal.Write($"\r\x1b[K{Render(_progress)}");
            terminal.Flush();
        }
    }
}
