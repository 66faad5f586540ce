using Workbench.Harness.Statistics;

namespace Workbench.Harness.Tests.Statistics;

public class LatencyReservoirTests
{
    [Fact]
    public void Keeps_everything_until_full()
    {
        var r = new LatencyReservoir(10, 1);
        for (var i = 0; i < 7; i++) r.Record(i);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6 }, r.Items());
    }

    [Fact]
    public void Sample_is_uniform_over_the_stream()
    {
        // Values 0..99999 recorded in order: a uniform sample of 1000 has a mean near 50000 and
        // about a tenth of its items in each tenth of the stream (a biased reservoir would favour one end).
        var r = new LatencyReservoir(1000, 7);
        for (var i = 0; i < 100_000; i++) r.Record(i);
        var items = r.Items();
        Assert.Equal(1000, items.Length);
        Assert.InRange(items.Average(), 45_000, 55_000);
        var tenths = new int[10];
        foreach (var v in items) tenths[(int)v / 10_000]++;
        Assert.All(tenths, t => Assert.InRange(t, 60, 140));
    }

    [Fact]
    public void Merge_takes_in_proportion_to_what_each_part_saw()
    {
        var a = new LatencyReservoir(100, 1);
        var b = new LatencyReservoir(100, 2);
        for (var i = 0; i < 3000; i++) a.Record(1);
        for (var i = 0; i < 1000; i++) b.Record(2);
        var merged = LatencyReservoir.Merge([a, b], 100);
        Assert.Equal(75, merged.Count(v => v == 1));
        Assert.Equal(25, merged.Count(v => v == 2));
        Assert.Empty(LatencyReservoir.Merge([new LatencyReservoir(5, 1)], 5));
    }
}
