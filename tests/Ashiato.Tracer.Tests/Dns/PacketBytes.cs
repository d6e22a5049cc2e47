using System.Text;

namespace Ashiato.Tracer.Tests.Dns;

/// <summary>
/// Writes golden packets by hand: integers and chars are single bytes, strings are their ASCII bytes (length octets are
/// written explicitly by the test), byte arrays are copied.
/// </summary>
internal static class PacketBytes
{
    public static byte[] Of(params object[] parts)
    {
        var bytes = new List<byte>();
        foreach (object part in parts)
        {
            switch (part)
            {
                case int b:
                    bytes.Add(checked((byte)b));
                    break;
                case char c:
                    bytes.Add(checked((byte)c));
                    break;
                case string ascii:
                    bytes.AddRange(Encoding.ASCII.GetBytes(ascii));
                    break;
                case byte[] raw:
                    bytes.AddRange(raw);
                    break;
                default:
                    throw new ArgumentException($"unsupported part {part}");
            }
        }

        return [.. bytes];
    }
}
