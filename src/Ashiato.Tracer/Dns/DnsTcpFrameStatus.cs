namespace Ashiato.Tracer.Dns;

public enum DnsTcpFrameStatus
{
    /// <summary>The whole message named by the length prefix is present.</summary>
    Complete,

    /// <summary>The length prefix is present but the data ends before the message does (e.g. the capture window).</summary>
    Partial,

    /// <summary>Fewer than 2 bytes: no length prefix.</summary>
    NoLengthPrefix,
}
