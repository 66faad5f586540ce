using Workbench.Workloads.Generators;
using Xunit.Abstractions;

namespace Workbench.Workloads.Tests.Generators;

public class ScrambledZipfianGeneratorTests(ITestOutputHelper output)
{
    [Fact]
    public void Precomputed_zeta_is_ycsbs_constant() => Assert.Equal(26.46902820178302, ScrambledZipfianGenerator.Zetan);

    [Fact]
    public void Stays_in_range_and_the_hottest_items_are_the_hashes_of_the_first_ranks()
    {
        const int items = 1000, draws = 200_000;
        var gen = new ScrambledZipfianGenerator(0, items - 1);
        var rng = new Random(TestSeed.Fixed(output, 21));
        var counts = new int[items];
        for (var i = 0; i < draws; i++)
        {
            var v = gen.Next(rng);
            Assert.InRange(v, 0, items - 1);
            counts[v]++;
        }
        var hottest = Array.IndexOf(counts, counts.Max());
        // Rank 0 of the 10^10-item zipfian lands on fnv64(0) % items.
        Assert.Equal(Fnv64.Hash(0) % items, hottest);
        Assert.NotEqual(0, hottest);
        // P(rank 0) = 1/zeta(10^10) ≈ 3.78%, plus about 1/items of the remaining mass colliding into the same bucket.
        var share = counts[hottest] / (double)draws;
        output.WriteLine($"hottest item {hottest} share {share:F4}");
        Assert.InRange(share, 0.035, 0.043);
        var second = counts[Fnv64.Hash(1) % items] / (double)draws;
        Assert.InRange(second, 0.017, 0.023);
    }

    [Fact]
    public void Skew_is_spread_over_the_key_space_not_clustered_at_the_start()
    {
        const int items = 10_000, draws = 100_000;
        var gen = new ScrambledZipfianGenerator(items);
        var rng = new Random(TestSeed.Fixed(output, 22));
        var firstTenth = 0;
        for (var i = 0; i < draws; i++)
            if (gen.Next(rng) < items / 10) firstTenth++;
        // A plain zipfian would put most draws in the first tenth; scrambled puts roughly a tenth there.
        Assert.InRange(firstTenth / (double)draws, 0.03, 0.25);
    }

    [Fact]
    public void Min_offsets_the_range()
    {
        var gen = new ScrambledZipfianGenerator(500, 599);
        var rng = new Random(5);
        for (var i = 0; i < 10_000; i++) Assert.InRange(gen.Next(rng), 500, 599);
    }
}
