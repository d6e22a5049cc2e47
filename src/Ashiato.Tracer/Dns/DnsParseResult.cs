namespace Ashiato.Tracer.Dns;

/// <summary>
/// The outcome of <see cref="DnsMessageParser.Parse"/>.
/// <list type="bullet">
/// <item><see cref="Error"/> is <see cref="DnsParseError.None"/>: <see cref="Message"/> is complete.</item>
/// <item><see cref="Message"/> is null: the header or the question section could not be read.</item>
/// <item>Both set: the header and questions were read, and <see cref="DnsMessage.Answers"/> holds the answer
/// records before the broken one. This is what a reply cut short by the capture window looks like.</item>
/// </list>
/// </summary>
public readonly record struct DnsParseResult(DnsMessage? Message, DnsParseError Error)
{
    public bool IsComplete => Error == DnsParseError.None;
}
