using System.Buffers;

namespace Ashiato.Tracer.Pipeline;

/// <summary>
/// Ring-buffer records copied back to back into one pooled buffer. A drain hands its records downstream as one
/// batch, so each stage pays one channel hand-off and at most one thread wake-up per drain instead of per record
/// (per record, the channel lock and the thread pool's park/unpark cost more than decoding, enriching and
/// writing the record together).
/// </summary>
internal sealed class RecordBatch : IDisposable
{
    private const int InitialBytes = 64 * 1024;

    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(InitialBytes);
    private readonly List<(int Offset, int Length)> _records = [];

    public int Count => _records.Count;

    public int ByteCount { get; private set; }

    public ReadOnlySpan<byte> this[int index]
    {
        get
        {
            var (offset, length) = _records[index];
            return _bytes.AsSpan(offset, length);
        }
    }

    public void Append(ReadOnlySpan<byte> record)
    {
        if (ByteCount + record.Length > _bytes.Length)
        {
            Grow(ByteCount + record.Length);
        }
        record.CopyTo(_bytes.AsSpan(ByteCount));
        _records.Add((ByteCount, record.Length));
        ByteCount += record.Length;
    }

    public void Dispose()
    {
        var bytes = Interlocked.Exchange(ref _bytes, []);
        if (bytes.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private void Grow(int needed)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _bytes.Length * 2));
        _bytes.AsSpan(0, ByteCount).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = larger;
    }
}
