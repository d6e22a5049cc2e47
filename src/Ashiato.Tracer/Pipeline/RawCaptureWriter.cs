using System.Buffers.Binary;
using Ashiato.Tracer.Kernel;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// For benchmarks: when <c>ASHIATO_RAW_CAPTURE</c> names a file, every raw ring-buffer record the source hands
/// downstream is also appended there, so that <see cref="OfflineReplay"/> can later feed exactly those records
/// through decode → enrich → sink without a kernel. Unset (the normal case), nothing is created and nothing costs.
/// Layout: <see cref="Magic"/>, the wall clock (UTC ticks) and CLOCK_MONOTONIC (ns) read together, then per record
/// a little-endian int32 length and the record's bytes. Used from the drain thread only.
/// </summary>
public sealed class RawCaptureWriter : IDisposable
{
    public const string EnvironmentVariable = "ASHIATO_RAW_CAPTURE";

    /// <summary>Eight bytes that start every capture file.</summary>
    public static ReadOnlySpan<byte> Magic => "ASHRAW1\0"u8;

    private readonly Stream _stream;
    private readonly byte[] _length = new byte[sizeof(int)];

    private RawCaptureWriter(Stream stream)
    {
        _stream = stream;
        Span<byte> header = stackalloc byte[Magic.Length + 2 * sizeof(long)];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt64LittleEndian(header[Magic.Length..], DateTimeOffset.UtcNow.UtcTicks);
        BinaryPrimitives.WriteInt64LittleEndian(header[(Magic.Length + sizeof(long))..], KernelClock.MonotonicNs());
        _stream.Write(header);
    }

    /// <summary>A writer to the file named by the environment variable, or null when it is not set.</summary>
    public static RawCaptureWriter? FromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        try
        {
            return new RawCaptureWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TracerSetupException($"cannot write the raw capture ({EnvironmentVariable}) to {path}: {e.Message}", e);
        }
    }

    public void Append(ReadOnlySpan<byte> record)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_length, record.Length);
        _stream.Write(_length);
        _stream.Write(record);
    }

    public void Dispose() => _stream.Dispose();
}
