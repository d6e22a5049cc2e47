namespace Ashiato.Tracer.Tests.Support;

public sealed record IsolatedResolverOptions
{
    /// <summary>Adds <c>options use-vc</c> to resolv.conf: glibc then sends every query over TCP.</summary>
    public bool UseTcp { get; init; }

    /// <summary>Whether the responder compresses names in its replies (real servers do).</summary>
    public bool CompressReplies { get; init; } = true;
}
