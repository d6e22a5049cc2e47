namespace Ashiato.Tracer.Dns;

/// <summary>
/// One DNS message taken from a TCP byte stream. <see cref="Bytes"/> holds what was captured of it; when part of it
/// was never captured (a syscall's data beyond the capture window), <see cref="IsComplete"/> is false and the bytes
/// stop where the first gap began.
/// </summary>
public sealed record DnsTcpMessage(byte[] Bytes, int DeclaredLength, bool IsComplete);
