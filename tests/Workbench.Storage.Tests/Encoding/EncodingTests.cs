using Workbench.Storage.Encoding;

namespace Workbench.Storage.Tests.Encoding;

public sealed class EncodingTests
{
    [Fact]
    public void Crc32c_matches_the_standard_check_value_and_extends()
    {
        var data = "123456789"u8;
        Assert.Equal(0xE3069283u, Crc32C.Compute(data)); // the CRC-32C check value
        Assert.Equal(Crc32C.Compute(data), Crc32C.Extend(Crc32C.Compute(data[..4]), data[4..]));
        Assert.Equal(0u, Crc32C.Compute([]));
        var c = Crc32C.Compute("hello"u8);
        Assert.NotEqual(c, Crc32C.Mask(c));
        Assert.Equal(c, Crc32C.Unmask(Crc32C.Mask(c)));
    }

    [Theory]
    [InlineData(0UL, 1)]
    [InlineData(127UL, 1)]
    [InlineData(128UL, 2)]
    [InlineData(300UL, 2)]
    [InlineData(ulong.MaxValue, 10)]
    public void Varints_round_trip(ulong value, int size)
    {
        var buf = new byte[VarInt.MaxLength64];
        Assert.Equal(size, VarInt.Write(buf, value));
        Assert.Equal(size, VarInt.Size(value));
        Assert.Equal(size, VarInt.TryRead(buf, out var back));
        Assert.Equal(value, back);
        Assert.Equal(0, VarInt.TryRead(buf.AsSpan(0, size - 1), out _)); // truncated
    }

    [Fact]
    public void Bytewise_comparer_orders_like_memcmp()
    {
        var c = ByteKeyComparer.Instance;
        Assert.True(c.Compare([], [0]) < 0);
        Assert.True(c.Compare([0xFF], [0xFF, 0]) < 0);
        Assert.True(c.Compare([0x7F], [0x80]) < 0);
        Assert.Equal(0, c.Compare([1, 2], [1, 2]));
        Assert.True(c.Equals([1, 2], [1, 2]));
        Assert.Equal(c.GetHashCode([1, 2]), c.GetHashCode([1, 2]));
    }
}
