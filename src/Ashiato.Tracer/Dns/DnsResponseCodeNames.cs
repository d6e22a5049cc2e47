namespace Ashiato.Tracer.Dns;

/// <summary>Renders response codes for the JSON edge (<c>rcode</c>).</summary>
public static class DnsResponseCodeNames
{
    /// <summary>The IANA mnemonic (<c>NOERROR</c>, <c>NXDOMAIN</c>, ...), or <c>RCODEn</c> for unassigned values.</summary>
    public static string ToMnemonic(DnsResponseCode code) =>
        Enum.IsDefined(code) ? code.ToString() : "RCODE" + ((byte)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
