using System.IO.Compression;

namespace Ashiato.Events.Jsonl;

/// <summary>One line of a trace file, without its newline. <see cref="Utf8"/> is valid until the next read.</summary>
public readonly record struct TraceLine(long Number, ReadOnlyMemory<byte> Utf8);

/// <summary>How a trace file ended.</summary>
public sealed record TraceTail(bool CutShort, long LastCompleteLine, string? Reason)
{
    public static TraceTail Complete(long lines) => new(false, lines, null);
}

/// <summary>
/// Reads a trace line by line: plain JSONL or gzip (several members allowed), from a file or stdin.
/// A file cut short by a crash yields every complete line, then reports the cut in <see cref="Tail"/>.
/// </summary>
public sealed class TraceLineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private bool _eof;
    private long _lineNumber;
    private long _bytesRead;
    private string? _streamError;

    public TraceLineReader(Stream raw, string displayName)
    {
        DisplayName = displayName;
        var magic = new byte[2];
        var magicLength = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        var whole = new PrefixedStream(magic.AsMemory(0, magicLength), raw);
        var isGzip = magicLength == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        _stream = isGzip ? new GZipStream(whole, CompressionMode.Decompress) : whole;
    }

    public string DisplayName { get; }

    /// <summary>
    /// Caps on what reading may hold or produce. Without them a line lacking its newline is buffered whole, and a few
    /// MB of gzip decompress to gigabytes; readers of untrusted traces (the console) set them.
    /// </summary>
    public TraceReadLimits Limits { get; init; } = TraceReadLimits.None;

    /// <summary>Decompressed bytes read so far.</summary>
    public long BytesRead => _bytesRead;

    /// <summary>Set once <see cref="TryReadLine"/> has returned false.</summary>
    public TraceTail? Tail { get; private set; }

    /// <summary>Opens a trace path, or stdin for <c>-</c>. Throws <see cref="TraceFileException"/> with a clear message.</summary>
    public static TraceLineReader Open(string path)
    {
        if (path == "-")
        {
            return new TraceLineReader(Console.OpenStandardInput(), "stdin");
        }
        try
        {
            return new TraceLineReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceFileException($"{path}: {DescribeOpenFailure(e)}", e);
        }
    }

    public bool TryReadLine(out TraceLine line)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _lineNumber++;
                line = new TraceLine(_lineNumber, _buffer.AsMemory(_start, newline));
                _start += newline + 1;
                return true;
            }
            if (_eof)
            {
                Finish();
                line = default;
                return false;
            }
            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end > Limits.MaxLineBytes)
        {
            // Everything buffered belongs to the one line still without its newline.
            throw new TraceLimitException(TraceLimit.LineLength, _lineNumber + 1,
                $"line {_lineNumber + 1} is longer than the {Limits.MaxLineBytes}-byte line limit");
        }
        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, Math.Max(Limits.MaxLineBytes + 1, _buffer.Length + 1)));
        }
        try
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            _end += read;
            _eof = read == 0;
            _bytesRead += read;
            if (_bytesRead > Limits.MaxBytes)
            {
                throw new TraceLimitException(TraceLimit.TotalSize, _lineNumber + 1,
                    $"the trace decompresses to more than the {Limits.MaxBytes}-byte limit");
            }
        }
        catch (InvalidDataException e)
        {
            // A gzip member cut short by a crash: keep what decompressed and report the cut.
            _streamError = e.Message;
            _eof = true;
        }
    }

    private void Finish()
    {
        if (Tail is not null)
        {
            return;
        }
        var partial = _end - _start;
        if (partial > 0 || _streamError is not null)
        {
            var reason = partial > 0
                ? $"the last line (line {_lineNumber + 1}) is incomplete: {partial} bytes without a newline"
                : $"the compressed data ends early ({_streamError})";
            Tail = new TraceTail(true, _lineNumber, reason);
        }
        else
        {
            Tail = TraceTail.Complete(_lineNumber);
        }
    }

    private static string DescribeOpenFailure(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException => "permission denied",
        _ => e.Message,
    };

    public void Dispose() => _stream.Dispose();
}

/// <summary>Caps on one read of a trace: the longest line and the decompressed total, in bytes.</summary>
public sealed record TraceReadLimits(long MaxLineBytes, long MaxBytes)
{
    public static readonly TraceReadLimits None = new(int.MaxValue - 64, long.MaxValue);
}

public enum TraceLimit
{
    LineLength,
    TotalSize,
}

/// <summary>A trace broke one of its reader's <see cref="TraceReadLimits"/>; <see cref="Line"/> is where reading stopped.</summary>
public sealed class TraceLimitException(TraceLimit limit, long line, string message) : UserFacingException(message)
{
    public TraceLimit Limit { get; } = limit;

    public long Line { get; } = line;
}

/// <summary>A trace file that cannot be opened or read; the message is meant for the user as is.</summary>
public sealed class TraceFileException(string message, Exception? inner = null) : UserFacingException(message, inner);
