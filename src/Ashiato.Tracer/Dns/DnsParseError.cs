namespace Ashiato.Tracer.Dns;

/// <summary>Why a DNS message could not be read completely.</summary>
public enum DnsParseError
{
    None,

    /// <summary>Fewer than 12 bytes: not even a header.</summary>
    ShorterThanHeader,

    /// <summary>The packet ends inside a name, a question or a record (also: a capture cut short).</summary>
    Truncated,

    /// <summary>A label length byte is over 63 (64..191 are not valid label lengths; 192 and up are pointers).</summary>
    LabelTooLong,

    /// <summary>A name is longer than 255 bytes in wire format.</summary>
    NameTooLong,

    /// <summary>A compression pointer does not point back before the name that uses it (a loop or a forward reference).</summary>
    BadCompressionPointer,

    /// <summary>A record's data does not match its type (an A record that is not 4 bytes, a CNAME that overruns its length).</summary>
    BadRecordData,
}
