using System.Runtime.CompilerServices;

namespace Ashiato.Tracer.Dns;

/// <summary>Decodes domain names with compression pointers (RFC 1035 §3.1, §4.1.4).</summary>
internal static class DnsNameReader
{
    /// <summary>Wire length of a name: its length octets, labels and the final zero.</summary>
    private const int MaxNameLength = 255;

    // Each wire byte renders as at most 4 characters ("\DDD"), plus one dot per label.
    private const int MaxTextLength = MaxNameLength * 4;

    /// <summary>
    /// Reads the name starting at <paramref name="offset"/>. On success <paramref name="offset"/> moves past the name
    /// as it is written in place (a pointer counts as its 2 bytes).
    /// </summary>
    /// <remarks>
    /// Every pointer must jump strictly before the point where the current run of labels began. Compressors only
    /// point at names written earlier, so real packets pass, and the jump targets strictly decrease, so a hostile
    /// packet cannot make the reader loop.
    /// </remarks>
    [SkipLocalsInit] // the text buffer is written before it is read; zeroing 2 KiB per name is measurable.
    public static DnsParseError TryRead(ReadOnlySpan<byte> packet, ref int offset, out string name)
    {
        name = "";
        Span<char> text = stackalloc char[MaxTextLength];
        int textLength = 0;
        int wireLength = 1;
        int position = offset;
        int runStart = offset;
        int endInPlace = -1;

        while (true)
        {
            if (position >= packet.Length)
            {
                return DnsParseError.Truncated;
            }

            byte length = packet[position];
            switch (length & 0xC0)
            {
                case 0x00:
                    break;
                case 0xC0:
                    if (position + 1 >= packet.Length)
                    {
                        return DnsParseError.Truncated;
                    }

                    int target = ((length & 0x3F) << 8) | packet[position + 1];
                    if (target >= runStart)
                    {
                        return DnsParseError.BadCompressionPointer;
                    }

                    if (endInPlace < 0)
                    {
                        endInPlace = position + 2;
                    }

                    position = target;
                    runStart = target;
                    continue;
                default:
                    // 64..191: a label over 63 bytes, or the retired extended label types (RFC 6891 §5).
                    return DnsParseError.LabelTooLong;
            }

            if (length == 0)
            {
                if (endInPlace < 0)
                {
                    endInPlace = position + 1;
                }

                break;
            }

            wireLength += 1 + length;
            if (wireLength > MaxNameLength)
            {
                return DnsParseError.NameTooLong;
            }

            if (position + 1 + length > packet.Length)
            {
                return DnsParseError.Truncated;
            }

            if (textLength > 0)
            {
                text[textLength++] = '.';
            }

            textLength += AppendLabel(packet.Slice(position + 1, length), text[textLength..]);
            position += 1 + length;
        }

        name = textLength == 0 ? "." : new string(text[..textLength]);
        offset = endInPlace;
        return DnsParseError.None;
    }

    /// <summary>Writes a label in presentation format (RFC 4343 §2.1): bytes that would be ambiguous are escaped.</summary>
    private static int AppendLabel(ReadOnlySpan<byte> label, Span<char> destination)
    {
        int written = 0;
        foreach (byte b in label)
        {
            if (b is (byte)'.' or (byte)'\\')
            {
                destination[written++] = '\\';
                destination[written++] = (char)b;
            }
            else if (b is > 0x20 and < 0x7F)
            {
                destination[written++] = (char)b;
            }
            else
            {
                destination[written++] = '\\';
                destination[written++] = (char)('0' + (b / 100));
                destination[written++] = (char)('0' + (b / 10 % 10));
                destination[written++] = (char)('0' + (b % 10));
            }
        }

        return written;
    }
}
