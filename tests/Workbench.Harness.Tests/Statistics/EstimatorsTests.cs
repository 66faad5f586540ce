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
        var rng = new Random(TestSeed.Get(output, 5));
        var narrow = Estimators.Median(TestSeed.Normal(rng, 30, 100, 1));
        var wide = Estimators.Median(TestSeed.Normal(rng, 30, 100, 20));
        Assert.True(wide.Upper - wide.Lower > 5 * (narrow.Upper - narrow.Lower));
    }

    [Fact]
    public void Higher_throughput_is_faster_and_higher_latency_is_slower()
    {
        var rng = new Random(TestSeed.Get(output, 7));
        var high = TestSeed.Normal(rng, 40, 200, 10);
        var low = TestSeed.Normal(rng, 40, 100, 10);
        var t = Estimators.Compare("throughput", "a", "b", high, low, higherIsBetter: true);
        Assert.Equal(Verdict.Faster, t.Verdict);
        Assert.True(t.PValue < 0.001, $"p = {t.PValue}");
        Assert.Equal(2.0, t.MedianRatio, 1);
        Assert.Equal(Verdict.Slower, Estimators.Compare("throughput", "b", "a", low, high, higherIsBetter: true).Verdict);
        Assert.Equal(Verdict.Slower, Estimators.Compare("latency", "a", "b", high, low, higherIsBetter: false).Verdict);
        Assert.Equal(Verdict.Faster, Estimators.Compare("latency", "b", "a", low, high, higherIsBetter: false).Verdict);
    }

    [Fact]
    public void Same_distribution_is_indistinguishable()
    {
        var rng = new Random(TestSeed.Get(output, 9));
        var c = Estimators.Compare("throughput", "a", "b", TestSeed.Normal(rng, 40, 100, 10), TestSeed.Normal(rng, 40, 100, 10), higherIsBetter: true);
        output.WriteLine($"p = {c.PValue}");
        Assert.Equal(Verdict.Indistinguishable, c.Verdict);
        Assert.True(c.PValue >= 0.05);
    }

    [Fact]
    public void Too_few_samples_are_reported_as_such()
    {
        var c = Estimators.Compare("throughput", "a", "b", [1, 2], [3, 4, 5], higherIsBetter: true);
        Assert.Equal(Verdict.InsufficientData, c.Verdict);
        Assert.True(double.IsNaN(c.PValue));
    }

    [Fact]
    public void A_throughput_drop_is_found_and_marked_as_a_stall()
    {
        var rng = new Random(TestSeed.Get(output, 11));
        var series = TestSeed.Normal(rng, 30, 1000, 20).Concat(TestSeed.Normal(rng, 10, 200, 20)).Concat(TestSeed.Normal(rng, 20, 1000, 20)).ToArray();
        var cps = Estimators.ChangePoints(series);
        foreach (var cp in cps) output.WriteLine(cp.ToString());
        var stall = Assert.Single(cps, c => c.IsStall);
        Assert.InRange(stall.Index, 28, 32);
        Assert.Contains(cps, c => !c.IsStall && c.Index is >= 38 and <= 42 && c.MedianAfter > c.MedianBefore);
    }

    [Fact]
    public void Steady_series_has_no_stall()
    {
        var rng = new Random(TestSeed.Get(output, 13));
        var cps = Estimators.ChangePoints(TestSeed.Normal(rng, 60, 1000, 10));
        Assert.DoesNotContain(cps, c => c.IsStall);
    }
}
