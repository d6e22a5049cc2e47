namespace Ashiato.Tracer.Dns;

/// <summary>A parsed DNS message: the header, the question section and the answer section.</summary>
/// <remarks>Authority and additional sections are not decoded: nothing downstream needs them.</remarks>
public sealed record DnsMessage(DnsHeader Header, IReadOnlyList<DnsQuestion> Questions, IReadOnlyList<DnsResourceRecord> Answers)
{
    /// <summary>The first question, which is the only one any real client sends.</summary>
    public DnsQuestion? Question => Questions.Count > 0 ? Questions[0] : null;
}
