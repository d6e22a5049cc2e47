using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace Ashiato.Events.Jsonl;

/// <summary>
/// Writes records as JSON Lines. A gzip file is written as a series of complete gzip members, one per
/// <see cref="Flush"/>, so a tracer killed between flushes leaves a file that every gzip reader accepts up to
/// the last flush. Not thread-safe: the pipeline's sink stage is its only user.
/// </summary>
public sealed class TraceFileWriter : IDisposable
{
    /// <summary>Past this much pending output a flush happens regardless of the timer, to bound memory.</summary>
    private const int PendingLimitBytes = 4 << 20;

    private readonly Stream _output;
    private readonly bool _gzip;
    private readonly ArrayBufferWriter<byte> _pending = new(1 << 16);
    private readonly Utf8JsonWriter _json;

    public TraceFileWriter(Stream output, bool gzip)
    {
        _output = output;
        _gzip = gzip;
        _json = new Utf8JsonWriter(_pending, TraceJsonWriter.Options);
    }

    /// <summary>Opens <paramref name="path"/> for writing; <c>-</c> means uncompressed JSONL on stdout.</summary>
    public static TraceFileWriter Create(string path)
    {
        if (path == "-")
        {
            return new TraceFileWriter(Console.OpenStandardOutput(), gzip: false);
        }
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1 << 16);
        return new TraceFileWriter(file, gzip: !path.EndsWith(".jsonl", StringComparison.Ordinal));
    }

    public long BytesWritten { get; private set; }

    public void Write(TraceRecord record)
    {
        TraceJsonWriter.Write(_json, record);
        _json.Flush();
        _json.Reset();
        _pending.Write("\n"u8);
        if (_pending.WrittenCount >= PendingLimitBytes)
        {
            Flush();
        }
    }

    /// <summary>Moves everything written so far to the operating system as complete lines (and gzip members).</summary>
    public void Flush()
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }
        if (_gzip)
        {
            using var member = new GZipStream(_output, CompressionLevel.Fastest, leaveOpen: true);
            member.Write(_pending.WrittenSpan);
        }
        else
        {
            _output.Write(_pending.WrittenSpan);
        }
        _output.Flush();
        BytesWritten = _output.CanSeek ? _output.Position : BytesWritten + _pending.WrittenCount;
        _pending.Clear();
    }

    public void Dispose()
    {
        Flush();
        _json.Dispose();
        _output.Dispose();
    }
}
