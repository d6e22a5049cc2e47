using System.Buffers.Binary;

namespace Ashiato.Tracer.Dns;

/// <summary>
/// Rebuilds DNS messages from the data of successive syscalls on one direction of one TCP connection.
/// </summary>
/// <remarks>
/// Clients split the framing across syscalls: glibc and Go read the 2-byte length, then the message, in two reads;
/// glibc writes both with one writev. Each syscall's data may also be captured only in part, so every chunk comes
/// with its real length, and the reassembler counts the bytes it did not see to stay aligned on message boundaries.
/// When a gap swallows a length prefix, alignment cannot be recovered and the stream is given up
/// (<see cref="IsLost"/>). Pure and not thread-safe: keep one per (process, fd, direction).
/// </remarks>
public sealed class DnsTcpStreamReassembler
{
    private readonly byte[] _prefix = new byte[DnsTcpFraming.LengthPrefixSize];
    private int _prefixFilled;
    private byte[]? _body;
    private int _bodyFilled;
    private int _bodyCaptured;
    private bool _bodyHasGap;

    /// <summary>True once a capture gap hid a length prefix; nothing more is produced.</summary>
    public bool IsLost { get; private set; }

    /// <summary>
    /// Feeds one syscall's data: <paramref name="captured"/> is what was copied, <paramref name="length"/> how many
    /// bytes the syscall really moved (at least <c>captured.Length</c>). Messages completed by it are added to
    /// <paramref name="messages"/>.
    /// </summary>
    public void Feed(ReadOnlySpan<byte> captured, int length, ICollection<DnsTcpMessage> messages)
    {
        int missing = Math.Max(0, length - captured.Length);
        while (!IsLost && (!captured.IsEmpty || missing > 0))
        {
            if (_body is null)
            {
                if (captured.IsEmpty)
                {
                    // The uncaptured bytes hold (part of) a length prefix: the message boundaries are unknown from here.
                    IsLost = true;
                    return;
                }

                int take = Math.Min(captured.Length, _prefix.Length - _prefixFilled);
                captured[..take].CopyTo(_prefix.AsSpan(_prefixFilled));
                _prefixFilled += take;
                captured = captured[take..];
                if (_prefixFilled == _prefix.Length)
                {
                    StartBody(BinaryPrimitives.ReadUInt16BigEndian(_prefix), messages);
                }

                continue;
            }

            int remaining = _body.Length - _bodyFilled;
            if (!captured.IsEmpty)
            {
                int take = Math.Min(captured.Length, remaining);
                if (!_bodyHasGap)
                {
                    captured[..take].CopyTo(_body.AsSpan(_bodyFilled));
                    _bodyCaptured += take;
                }

                _bodyFilled += take;
                captured = captured[take..];
            }
            else
            {
                int skip = Math.Min(missing, remaining);
                _bodyHasGap = true;
                _bodyFilled += skip;
                missing -= skip;
            }

            if (_bodyFilled == _body.Length)
            {
                EndBody(messages);
            }
        }
    }

    private void StartBody(int declaredLength, ICollection<DnsTcpMessage> messages)
    {
        _prefixFilled = 0;
        _body = new byte[declaredLength];
        _bodyFilled = 0;
        _bodyCaptured = 0;
        _bodyHasGap = false;
        if (declaredLength == 0)
        {
            EndBody(messages);
        }
    }

    private void EndBody(ICollection<DnsTcpMessage> messages)
    {
        byte[] body = _body!;
        messages.Add(_bodyHasGap
            ? new DnsTcpMessage(body[.._bodyCaptured], body.Length, IsComplete: false)
            : new DnsTcpMessage(body, body.Length, IsComplete: true));
        _body = null;
    }
}
