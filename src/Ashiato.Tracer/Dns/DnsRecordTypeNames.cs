namespace Ashiato.Tracer.Dns;

/// <summary>Renders record types for the JSON edge (<c>qtype</c>).</summary>
public static class DnsRecordTypeNames
{
    /// <summary>The IANA mnemonic (<c>A</c>, <c>AAAA</c>, <c>HTTPS</c>, ...), or <c>TYPEn</c> for unnamed values.</summary>
    public static string ToMnemonic(DnsRecordType type) =>
        Enum.IsDefined(type) ? type.ToString() : "TYPE" + ((ushort)type).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
