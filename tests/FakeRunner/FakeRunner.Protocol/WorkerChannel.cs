using System.Buffers.Binary;
using System.Text;

namespace FakeRunner.Protocol;

/// <summary>
/// One direction of the anonymous pipe between Runner.Listener and Runner.Worker, framed as the real runner's
/// StreamString frames it: the message type as a little-endian int32, the body's byte count as an int32, then the body
/// in UTF-16LE. A tracer that reads the pipe sees the same bytes as on a real runner.
/// </summary>
public static class WorkerChannel
{
    public static byte[] Encode(WorkerMessage message)
    {
        var body = Encoding.Unicode.GetBytes(message.Body);
        var frame = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, (int)message.Type);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(4), body.Length);
        body.CopyTo(frame, 8);
        return frame;
    }

    public static async Task SendAsync(Stream output, WorkerMessage message, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encode(message), cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one message; null when the other side closed the pipe between messages.</summary>
    public static async Task<WorkerMessage?> ReceiveAsync(Stream input, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        var read = await input.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        if (read == 0)
        {
            return null;
        }
        if (read < header.Length)
        {
            throw new InvalidDataException($"the pipe closed inside a message header ({read} of 8 bytes)");
        }
        var type = (WorkerMessageType)BinaryPrimitives.ReadInt32LittleEndian(header);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4));
        if (length < 0 || length % 2 != 0)
        {
            throw new InvalidDataException($"a message body of {length} bytes is not UTF-16");
        }
        var body = new byte[length];
        await input.ReadExactlyAsync(body, cancellationToken);
        return new WorkerMessage(type, Encoding.Unicode.GetString(body));
    }
}
