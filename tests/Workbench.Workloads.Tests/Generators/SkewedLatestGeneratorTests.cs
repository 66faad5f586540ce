using Workbench.Workloads.Generators;
using Xunit.Abstractions;

namespace Workbench.Workloads.Tests.Generators;

public class SkewedLatestGeneratorTests(ITestOutputHelper output)
{
    [Fact]
    public void Favours_the_most_recent_item_and_never_exceeds_it()
    {
        var counter = new AcknowledgedCounterGenerator(10_000);
        var gen = new SkewedLatestGenerator(counter);
        var rng = new Random(TestSeed.Fixed(output, 31));
        const int draws = 100_000;
        int latest = 0, recentTenth = 0;
        for (var i = 0; i < draws; i++)
        {
            var v = gen.Next(rng);
            Assert.InRange(v, 0, 9_999);
            if (v == 9_999) latest++;
            if (v >= 9_000) recentTenth++;
        }
        // The latest item is rank 1 of a zipfian over the items: P = 1/zeta(9999).
        var p = 1 / ZipfianGenerator.Zeta(0, 9_999, 0.99, 0);
        var sigma = Math.Sqrt(p * (1 - p) / draws);
        output.WriteLine($"latest share {latest / (double)draws:F4} theory {p:F4}; newest tenth {recentTenth / (double)draws:F3}");
        Assert.InRange(latest / (double)draws, p - 4 * sigma, p + 4 * sigma);
        Assert.True(recentTenth / (double)draws > 0.5, "the newest tenth of the items should get most of the draws");
    }

    [Fact]
    public void Follows_new_inserts_once_acknowledged()
    {
        var counter = new AcknowledgedCounterGenerator(1_000);
        var gen = new SkewedLatestGenerator(counter);
        for (var i = 0; i < 500; i++) counter.Acknowledge(counter.Next());
        Assert.Equal(1_499, counter.Last);
        var rng = new Random(TestSeed.Fixed(output, 32));
        var newest = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var v = gen.Next(rng);
            Assert.InRange(v, 0, 1_499);
            if (v == 1_499) newest++;
        }
        Assert.True(newest > 1_000, $"the newest item got {newest} of 10000 draws");
    }
}
