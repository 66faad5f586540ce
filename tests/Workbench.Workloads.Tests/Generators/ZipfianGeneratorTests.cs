using Workbench.Workloads.Generators;
using Xunit.Abstractions;

namespace Workbench.Workloads.Tests.Generators;

public class ZipfianGeneratorTests(ITestOutputHelper output)
{
    private const int Items = 1000;
    private const int Draws = 200_000;

    private static double Theory(int rank, double zetan) => 1 / Math.Pow(rank + 1, ZipfianGenerator.ZipfianConstant) / zetan;

    private int[] Histogram(int seed)
    {
        var gen = new ZipfianGenerator(0, Items - 1);
        var rng = new Random(seed);
        var counts = new int[Items];
        for (var i = 0; i < Draws; i++)
        {
            var v = gen.Next(rng);
            Assert.InRange(v, 0, Items - 1);
            counts[v]++;
        }
        return counts;
    }

    [Fact]
    public void Zeta_matches_the_closed_sum()
    {
        double expected = 0;
        for (var i = 1; i <= Items; i++) expected += 1 / Math.Pow(i, 0.99);
        Assert.Equal(expected, new ZipfianGenerator(0, Items - 1).Zetan, 9);
        Assert.Equal(7.728953217284729, expected, 9);
    }

    [Fact]
    public void Rank_one_and_two_follow_theory_within_four_sigma()
    {
        var counts = Histogram(TestSeed.Fixed(output, 11));
        var zetan = new ZipfianGenerator(0, Items - 1).Zetan;
        foreach (var rank in new[] { 0, 1 })
        {
            var p = Theory(rank, zetan);
            var sigma = Math.Sqrt(p * (1 - p) / Draws);
            var observed = counts[rank] / (double)Draws;
            output.WriteLine($"rank {rank + 1}: observed {observed:F5} theory {p:F5}");
            Assert.InRange(observed, p - 4 * sigma, p + 4 * sigma);
        }
    }

    [Fact]
    public void Mass_of_rank_bands_matches_theory_within_ten_percent()
    {
        // YCSB's algorithm (Gray et al.) is exact for the two first ranks and an approximation beyond; bands agree within a few percent.
        var counts = Histogram(TestSeed.Fixed(output, 12));
        var zetan = new ZipfianGenerator(0, Items - 1).Zetan;
        foreach (var (from, to) in new[] { (10, 100), (100, 1000) })
        {
            double observed = 0, theory = 0;
            for (var r = from; r < to; r++)
            {
                observed += counts[r] / (double)Draws;
                theory += Theory(r, zetan);
            }
            output.WriteLine($"ranks [{from},{to}): observed {observed:F4} theory {theory:F4}");
            Assert.InRange(observed / theory, 0.9, 1.1);
        }
    }

    [Fact]
    public void Popularity_decreases_with_rank()
    {
        var counts = Histogram(TestSeed.Fixed(output, 13));
        Assert.True(counts[0] > counts[1] && counts[1] > counts[3] && counts[3] > counts[20] && counts[20] > counts[500]);
    }

    [Fact]
    public void Growing_item_count_extends_zeta_incrementally()
    {
        var gen = new ZipfianGenerator(0, 99);
        var rng = new Random(1);
        for (var i = 0; i < 1000; i++) Assert.InRange(gen.Next(rng, 200), 0, 199);
        Assert.Equal(ZipfianGenerator.Zeta(0, 200, 0.99, 0), gen.Zetan, 9);
    }

    [Fact]
    public void Base_offsets_the_range()
    {
        var gen = new ZipfianGenerator(1000, 1009);
        var rng = new Random(3);
        var sawMin = false;
        for (var i = 0; i < 10_000; i++)
        {
            var v = gen.Next(rng);
            Assert.InRange(v, 1000, 1009);
            sawMin |= v == 1000;
        }
        Assert.True(sawMin);
    }
}
