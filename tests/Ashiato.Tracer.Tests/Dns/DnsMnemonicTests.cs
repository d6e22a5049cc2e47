using Ashiato.Tracer.Dns;

namespace Ashiato.Tracer.Tests.Dns;

[Trait("Category", "unit")]
public class DnsMnemonicTests
{
    [Theory]
    [InlineData(1, "A")]
    [InlineData(28, "AAAA")]
    [InlineData(5, "CNAME")]
    [InlineData(15, "MX")]
    [InlineData(16, "TXT")]
    [InlineData(12, "PTR")]
    [InlineData(33, "SRV")]
    [InlineData(64, "SVCB")]
    [InlineData(65, "HTTPS")]
    [InlineData(255, "ANY")]
    [InlineData(999, "TYPE999")]
    [InlineData(65535, "TYPE65535")]
    public void Record_types_render_as_IANA_mnemonics_or_TYPEn(int value, string expected) =>
        Assert.Equal(expected, DnsRecordTypeNames.ToMnemonic((DnsRecordType)value));

    [Theory]
    [InlineData(0, "NOERROR")]
    [InlineData(1, "FORMERR")]
    [InlineData(2, "SERVFAIL")]
    [InlineData(3, "NXDOMAIN")]
    [InlineData(4, "NOTIMP")]
    [InlineData(5, "REFUSED")]
    [InlineData(9, "NOTAUTH")]
    [InlineData(15, "RCODE15")]
    public void Response_codes_render_as_IANA_mnemonics_or_RCODEn(int value, string expected) =>
        Assert.Equal(expected, DnsResponseCodeNames.ToMnemonic((DnsResponseCode)value));

    [Fact]
    public void Every_parse_error_has_its_own_description()
    {
        DnsParseError[] errors = Enum.GetValues<DnsParseError>();

        string[] descriptions = [.. errors.Select(DnsParseErrorMessages.Describe)];

        Assert.Equal(errors.Length, descriptions.Distinct().Count());
        Assert.DoesNotContain("unknown DNS parse error", descriptions);
    }
}
