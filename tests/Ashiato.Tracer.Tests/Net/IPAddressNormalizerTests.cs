using System.Net;
using Ashiato.Tracer.Net;

namespace Ashiato.Tracer.Tests.Net;

[Trait("Category", "unit")]
public class IPAddressNormalizerTests
{
    [Theory]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("::1", "::1")]
    [InlineData("fe80::1%3", "fe80::1")]
    public void Shows_addresses_as_users_read_them(string input, string expected) =>
        Assert.Equal(expected, IPAddressNormalizer.Normalize(IPAddress.Parse(input)).ToString());
}
