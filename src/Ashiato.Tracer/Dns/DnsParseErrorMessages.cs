namespace Ashiato.Tracer.Dns;

/// <summary>Human-readable reasons, for logs and diagnostics.</summary>
public static class DnsParseErrorMessages
{
    public static string Describe(DnsParseError error) => error switch
    {
        DnsParseError.None => "no error",
        DnsParseError.ShorterThanHeader => "the packet is shorter than the 12-byte DNS header",
        DnsParseError.Truncated => "the packet ends inside a name, question or record",
        DnsParseError.LabelTooLong => "a label is longer than 63 bytes",
        DnsParseError.NameTooLong => "a name is longer than 255 bytes",
        DnsParseError.BadCompressionPointer => "a name compression pointer does not point back to an earlier name (loop or forward reference)",
        DnsParseError.BadRecordData => "a record's data does not match its type or length",
        _ => "unknown DNS parse error",
    };
}
