using System.Buffers.Binary;
using System.Text;

namespace Ashiato.Tracer.Tests.Support;

/// <summary>Writes DNS wire format for the test responder, compressing names as real servers do.</summary>
internal sealed class DnsWireWriter(bool compress)
{
    private const int MaxPointerOffset = 0x3FFF;

    private readonly List<byte> _bytes = [];
    private readonly Dictionary<string, int> _nameOffsets = new(StringComparer.OrdinalIgnoreCase);

    public int Position => _bytes.Count;

    public void WriteUInt16(ushort value)
    {
        Span<byte> buffer = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, value);
        _bytes.AddRange(buffer);
    }

    public void WriteUInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        _bytes.AddRange(buffer);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes) => _bytes.AddRange(bytes);

    /// <summary>Writes a name, ending in a pointer to an earlier copy of its longest known suffix.</summary>
    public void WriteName(string name)
    {
        string[] labels = name == "." ? [] : name.Split('.');
        for (int i = 0; i < labels.Length; i++)
        {
            string suffix = string.Join('.', labels[i..]);
            if (compress && _nameOffsets.TryGetValue(suffix, out int offset))
            {
                WriteUInt16((ushort)(0xC000 | offset));
                return;
            }

            if (Position <= MaxPointerOffset)
            {
                _nameOffsets.TryAdd(suffix, Position);
            }

            byte[] label = Encoding.ASCII.GetBytes(labels[i]);
            _bytes.Add((byte)label.Length);
            _bytes.AddRange(label);
        }

        _bytes.Add(0);
    }

    /// <summary>Overwrites a 16-bit value written earlier (a record's RDLENGTH once its data is known).</summary>
    public void PatchUInt16(int position, ushort value)
    {
        _bytes[position] = (byte)(value >> 8);
        _bytes[position + 1] = (byte)value;
    }

    public byte[] ToArray() => [.. _bytes];
}
