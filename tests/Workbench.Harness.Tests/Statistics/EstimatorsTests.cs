using Workbench.Harness.Statistics;
using Xunit.Abstractions;

namespace Workbench.Harness.Tests.Statistics;

public class EstimatorsTests(ITestOutputHelper output)
{
    [Fact]
    public void Median_interval_brackets_the_median()
    {
        var m = Estimators.Median([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        Assert.Equal(5, m.Median, 1);
        Assert.True(m.HasInterval);
        Assert.True(m.Lower < 5 && m.Upper > 5, $"[{m.Lower}, {m.Upper}]");
        Assert.Equal(9, m.SampleSize);
    }

    [Fact]
    public void One_value_has_no_interval()
    {
        var m = Estimators.Median([42.0, double.NaN]);
        Assert.Equal(42, m.Median);
        Assert.False(m.HasInterval);
    }

    [Fact]
    public void Wider_spread_gives_a_wider_interval()
    {
        var rng = new Random(TestSeed.Fixed(output, 5));
        var narrow = Estimators.Median(NormalSamples.Draw(rng, 30, 100, 1));
        var wide = Estimators.Median(NormalSamples.Draw(rng, 30, 100, 20));
        Assert.True(wide.Upper - wide.Lower > 5 * (narrow.Upper - narrow.Lower));
    }

    [Fact]
    public void Higher_values_are_better_for_throughput_and_worse_for_latency()
    {
        var rng = new Random(TestSeed.Fixed(output, 7));
        var high = NormalSamples.Draw(rng, 40, 200, 10);
        var low = NormalSamples.Draw(rng, 40, 100, 10);
        var (v, p) = Estimators.RankTest(high, low, higherIsBetter: true);
        Assert.Equal(Verdict.Better, v);
        Assert.True(p < 0.001, $"p = {p}");
        Assert.Equal(Verdict.Worse, Estimators.RankTest(low, high, higherIsBetter: true).Verdict);
        Assert.Equal(Verdict.Worse, Estimators.RankTest(high, low, higherIsBetter: false).Verdict);
        Assert.Equal(Verdict.Better, Estimators.RankTest(low, high, higherIsBetter: false).Verdict);
    }

    [Fact]
    public void Same_distribution_is_indistinguishable()
    {
        var rng = new Random(TestSeed.Fixed(output, 9));
        var (v, p) = Estimators.RankTest(NormalSamples.Draw(rng, 40, 100, 10), NormalSamples.Draw(rng, 40, 100, 10), higherIsBetter: true);
        output.WriteLine($"p = {p}");
        Assert.Equal(Verdict.Indistinguishable, v);
        Assert.True(p >= 0.05);
    }

    [Fact]
    public void Samples_too_small_to_ever_be_significant_are_insufficient()
    {
        // 3 + 3 completely separated values: the exact one-sided p is 1/20 = 0.05, not below α.
        Assert.Equal(Verdict.InsufficientData, Estimators.RankTest([10, 11, 12], [1, 2, 3], higherIsBetter: true).Verdict);
        Assert.Equal(0.05, Estimators.SeparationPValue(3, 3), 9);
        Assert.Equal(1 / 35.0, Estimators.SeparationPValue(3, 4), 9);
        Assert.Equal(1 / 70.0, Estimators.SeparationPValue(4, 4), 9);
        // 4 + 4 separated: significant.
        Assert.Equal(Verdict.Better, Estimators.RankTest([10, 11, 12, 13], [1, 2, 3, 4], higherIsBetter: true).Verdict);
    }

    [Fact]
    public void Coefficient_of_variation_is_sd_over_mean()
    {
        Assert.Equal(0.5, Estimators.CoefficientOfVariation([1, 2, 3]), 9);
        Assert.True(double.IsNaN(Estimators.CoefficientOfVariation([5])));
    }

    [Fact]
    public void A_throughput_drop_is_found_and_marked_as_a_stall()
    {
        var rng = new Random(TestSeed.Fixed(output, 11));
        var series = NormalSamples.Draw(rng, 30, 1000, 20).Concat(NormalSamples.Draw(rng, 10, 200, 20)).Concat(NormalSamples.Draw(rng, 20, 1000, 20)).ToArray();
        var cps = Estimators.ChangePoints(series);
        foreach (var cp in cps) output.WriteLine(cp.ToString());
        var stall = Assert.Single(cps, c => c.IsStall);
        Assert.InRange(stall.Index, 28, 32);
        Assert.Contains(cps, c => !c.IsStall && c.Index is >= 38 and <= 42 && c.MedianAfter > c.MedianBefore);
    }

    [Fact]
    public void Steady_series_has_no_stall()
    {
        var rng = new Random(TestSeed.Fixed(output, 13));
        var cps = Estimators.ChangePoints(NormalSamples.Draw(rng, 60, 1000, 10));
        Assert.DoesNotContain(cps, c => c.IsStall);
    }
}
