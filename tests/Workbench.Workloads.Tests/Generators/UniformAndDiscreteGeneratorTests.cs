using Workbench.Workloads.Generators;
using Xunit.Abstractions;

namespace Workbench.Workloads.Tests.Generators;

public class UniformAndDiscreteGeneratorTests(ITestOutputHelper output)
{
    [Fact]
    public void Uniform_passes_chi_square_and_covers_the_bounds()
    {
        var gen = new UniformLongGenerator(100, 1099);
        var rng = new Random(TestSeed.Fixed(output, 51));
        var buckets = new int[10];
        bool sawLow = false, sawHigh = false;
        for (var i = 0; i < 100_000; i++)
        {
            var v = gen.Next(rng);
            Assert.InRange(v, 100, 1099);
            sawLow |= v == 100;
            sawHigh |= v == 1099;
            buckets[(v - 100) / 100]++;
        }
        Assert.True(sawLow && sawHigh);
        var chi = ChiSquare.Uniform(buckets);
        output.WriteLine($"chi-square {chi:F2}");
        Assert.True(chi < ChiSquare.Critical9Df001);
    }

    [Fact]
    public void Chi_square_detects_a_skewed_sample() =>
        Assert.True(ChiSquare.Uniform([2000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]) > ChiSquare.Critical9Df001);

    [Fact]
    public void Discrete_generator_follows_weights()
    {
        var gen = new DiscreteGenerator<char>([('a', 0.5), ('b', 0.3), ('c', 0.2)]);
        var rng = new Random(TestSeed.Fixed(output, 52));
        var counts = new Dictionary<char, int> { ['a'] = 0, ['b'] = 0, ['c'] = 0 };
        const int draws = 100_000;
        for (var i = 0; i < draws; i++) counts[gen.Next(rng)]++;
        foreach (var (c, p) in new[] { ('a', 0.5), ('b', 0.3), ('c', 0.2) })
        {
            var sigma = Math.Sqrt(p * (1 - p) / draws);
            Assert.InRange(counts[c] / (double)draws, p - 4 * sigma, p + 4 * sigma);
        }
    }

    [Fact]
    public void Discrete_generator_normalizes_weights_that_do_not_sum_to_one()
    {
        var gen = new DiscreteGenerator<int>([(1, 2.0), (2, 0.0), (3, 2.0)]);
        var rng = new Random(1);
        for (var i = 0; i < 1000; i++) Assert.NotEqual(2, gen.Next(rng));
    }
}
