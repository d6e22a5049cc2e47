using System.Net;
using Ashiato.Tracer.Net;

namespace Ashiato.Tracer.Tests.Net;

[Trait("Category", "unit")]
public class SocketAddressDecoderTests
{
    [Fact]
    public void Reads_an_IPv4_address_and_network_order_port()
    {
        Assert.True(SocketAddressDecoder.TryDecode(2, [93, 184, 216, 34], [0x01, 0xBB], out IPEndPoint? endpoint));

        Assert.Equal("93.184.216.34", endpoint.Address.ToString());
        Assert.Equal(443, endpoint.Port);
    }

    [Fact]
    public void An_IPv4_address_in_a_16_byte_field_uses_the_first_four_bytes()
    {
        byte[] field = [127, 0, 0, 53, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA];

        Assert.True(SocketAddressDecoder.TryDecode(2, field, [0x00, 0x35], out IPEndPoint? endpoint));

        Assert.Equal("127.0.0.53:53", endpoint.ToString());
    }

    [Fact]
    public void Reads_an_IPv6_address_in_its_compressed_text_form()
    {
        byte[] address = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01];

        Assert.True(SocketAddressDecoder.TryDecode(10, address, [0x1F, 0x90], out IPEndPoint? endpoint));

        Assert.Equal("2001:db8::1", endpoint.Address.ToString());
        Assert.Equal(8080, endpoint.Port);
    }

    [Fact]
    public void A_v4_mapped_IPv6_address_is_shown_as_IPv4()
    {
        byte[] address = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 7];

        Assert.True(SocketAddressDecoder.TryDecode(10, address, [0x00, 0x50], out IPEndPoint? endpoint));

        Assert.Equal("10.0.0.7", endpoint.Address.ToString());
        Assert.Equal("10.0.0.7:80", endpoint.ToString());
    }

    [Fact]
    public void A_port_copied_as_a_native_be16_field_reads_the_same()
    {
        // The bytes 0x00 0x35 (port 53) read as a little-endian ushort are 0x3500.
        ushort asStored = BitConverter.ToUInt16([0x00, 0x35]);

        Assert.True(SocketAddressDecoder.TryDecode(2, [127, 0, 0, 1], asStored, out IPEndPoint? endpoint));

        Assert.Equal(53, endpoint.Port);
    }

    [Fact]
    public void Reads_a_sockaddr_in_as_it_sits_in_memory()
    {
        byte[] sockaddrIn = [0x02, 0x00, 0x00, 0x35, 127, 0, 0, 53, 0, 0, 0, 0, 0, 0, 0, 0];

        Assert.True(SocketAddressDecoder.TryDecodeSockaddr(sockaddrIn, out IPEndPoint? endpoint));

        Assert.Equal("127.0.0.53:53", endpoint.ToString());
    }

    [Fact]
    public void Reads_a_sockaddr_in6_and_drops_flowinfo_and_scope()
    {
        byte[] sockaddrIn6 =
        [
            0x0A, 0x00, 0x01, 0xBB, 0x12, 0x34, 0x56, 0x78,
            0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02,
            0x02, 0x00, 0x00, 0x00,
        ];

        Assert.True(SocketAddressDecoder.TryDecodeSockaddr(sockaddrIn6, out IPEndPoint? endpoint));

        Assert.Equal("[fe80::2]:443", endpoint.ToString());
    }

    [Fact]
    public void Reads_a_v4_mapped_sockaddr_in6_as_IPv4()
    {
        byte[] sockaddrIn6 =
        [
            0x0A, 0x00, 0x00, 0x35, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 192, 0, 2, 1,
            0, 0, 0, 0,
        ];

        Assert.True(SocketAddressDecoder.TryDecodeSockaddr(sockaddrIn6, out IPEndPoint? endpoint));

        Assert.Equal("192.0.2.1:53", endpoint.ToString());
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x00, (byte)'/', (byte)'t', (byte)'m', (byte)'p' })] // AF_UNIX
    [InlineData(new byte[] { 0x02, 0x00, 0x00, 0x35, 127, 0 })] // sockaddr_in cut short
    [InlineData(new byte[] { 0x0A, 0x00, 0x00, 0x35, 0, 0, 0, 0, 0, 0 })] // sockaddr_in6 cut short
    [InlineData(new byte[] { 0x02 })]
    [InlineData(new byte[0])]
    public void Anything_else_is_refused_without_throwing(byte[] sockaddr) =>
        Assert.False(SocketAddressDecoder.TryDecodeSockaddr(sockaddr, out _));

    [Fact]
    public void Field_decoding_refuses_unknown_families_and_short_fields()
    {
        Assert.False(SocketAddressDecoder.TryDecode(1, [127, 0, 0, 1], [0, 53], out _));
        Assert.False(SocketAddressDecoder.TryDecode(10, [127, 0, 0, 1], [0, 53], out _));
        Assert.False(SocketAddressDecoder.TryDecode(2, [127, 0, 0], [0, 53], out _));
        Assert.False(SocketAddressDecoder.TryDecode(2, [127, 0, 0, 1], [53], out _));
    }
}
