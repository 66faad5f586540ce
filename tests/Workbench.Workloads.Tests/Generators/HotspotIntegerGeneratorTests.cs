using Workbench.Workloads.Generators;
using Xunit.Abstractions;

namespace Workbench.Workloads.Tests.Generators;

public class HotspotIntegerGeneratorTests(ITestOutputHelper output)
{
    [Fact]
    public void Hot_set_gets_its_fraction_of_operations_uniformly()
    {
        var gen = new HotspotIntegerGenerator(0, 999, 0.2, 0.8);
        Assert.Equal(200, gen.HotInterval);
        var rng = new Random(TestSeed.Fixed(output, 41));
        const int draws = 100_000;
        var hotBuckets = new int[10];
        var hot = 0;
        for (var i = 0; i < draws; i++)
        {
            var v = gen.Next(rng);
            Assert.InRange(v, 0, 999);
            if (v < 200)
            {
                hot++;
                hotBuckets[v / 20]++;
            }
        }
        var sigma = Math.Sqrt(0.8 * 0.2 / draws);
        Assert.InRange(hot / (double)draws, 0.8 - 4 * sigma, 0.8 + 4 * sigma);
        Assert.True(ChiSquare.Uniform(hotBuckets) < ChiSquare.Critical9Df001, "hot set draws are not uniform");
    }

    [Fact]
    public void Rejects_fractions_outside_zero_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HotspotIntegerGenerator(0, 10, 1.5, 0.5));
}
