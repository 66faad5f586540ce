using System.IO.Compression;
using Workbench.Workloads.DbBench;

namespace Workbench.Harness.Tests.Bench;

public class ValueSourceTests
{
    private static double BrotliRatio(ReadOnlySpan<byte> value)
    {
        var dest = new byte[value.Length + 1024];
        Assert.True(BrotliEncoder.TryCompress(value, dest, out var written, 5, 22));
        return (double)written / value.Length;
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.25)]
    public void Values_compress_to_about_the_requested_ratio(double ratio)
    {
        var source = new ValueSource(1, 16384, ratio);
        for (var i = 0; i < 5; i++)
            Assert.InRange(BrotliRatio(source.Next(16384)), ratio - 0.1, ratio + 0.1);
    }

    [Fact]
    public void Ratio_one_is_random_bytes_and_values_differ()
    {
        var source = new ValueSource(1, 16384);
        var a = source.Next(16384).ToArray();
        var b = source.Next(16384).ToArray();
        Assert.True(BrotliRatio(a) > 0.98);
        Assert.False(a.AsSpan().SequenceEqual(b));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    public void A_ratio_outside_zero_to_one_is_refused(double ratio) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValueSource(1, 100, ratio));
}
