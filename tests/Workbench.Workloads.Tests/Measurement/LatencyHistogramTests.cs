using System.Diagnostics;
using Workbench.Workloads.Measurement;

namespace Workbench.Workloads.Tests.Measurement;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Small_values_are_exact()
    {
        var h = new LatencyHistogram();
        for (var v = 1; v <= 100; v++) h.Record(v);
        Assert.Equal(100, h.Count);
        Assert.Equal(1, h.Min);
        Assert.Equal(100, h.Max);
        Assert.Equal(50.5, h.Mean, 6);
        Assert.Equal(50, h.ValueAtPercentile(50));
        Assert.Equal(99, h.ValueAtPercentile(99));
        Assert.Equal(100, h.ValueAtPercentile(100));
        Assert.Equal(1, h.ValueAtPercentile(0));
    }

    [Fact]
    public void Large_values_are_within_three_significant_digits()
    {
        var rng = new Random(42);
        var h = new LatencyHistogram();
        var values = new long[100_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (long)Math.Exp(rng.NextDouble() * Math.Log(5e10)); // 1 ns … 50 s, log-uniform
            h.Record(values[i]);
        }
        Array.Sort(values);
        foreach (var p in new[] { 10.0, 50, 90, 99, 99.9, 99.99 })
        {
            var exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
            var approx = h.ValueAtPercentile(p);
            Assert.True(Math.Abs(approx - exact) <= Math.Max(1, exact * 0.001), $"p{p}: histogram {approx}, exact {exact}");
        }
    }

    [Fact]
    public void Merging_equals_recording_everything_in_one()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        var rng = new Random(7);
        for (var i = 0; i < 10_000; i++)
        {
            var v = rng.NextInt64(1, 10_000_000);
            (i % 2 == 0 ? a : b).Record(v);
            all.Record(v);
        }
        a.Add(b);
        Assert.Equal(all.Count, a.Count);
        Assert.Equal(all.Min, a.Min);
        Assert.Equal(all.Max, a.Max);
        foreach (var p in new[] { 1.0, 50, 95, 99.9 }) Assert.Equal(all.ValueAtPercentile(p), a.ValueAtPercentile(p));
        var encoded = a.Encode();
        var rebuilt = LatencyHistogram.Decode(encoded, a.Min, a.Max);
        Assert.Equal(a.Count, rebuilt.Count);
        Assert.Equal(a.Mean, rebuilt.Mean, a.Mean * 0.001);
        foreach (var p in new[] { 1.0, 50, 95, 99.9, 100 }) Assert.Equal(a.ValueAtPercentile(p), rebuilt.ValueAtPercentile(p));
        // Compact enough for results.json: 10 000 values spread over four decades.
        Assert.True(encoded.Length < 40_000, $"{encoded.Length} characters");
    }

    [Fact]
    public void Decoding_garbage_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => LatencyHistogram.Decode("not base64!", 0, 0));
        Assert.Throws<FormatException>(() => LatencyHistogram.Decode(Convert.ToBase64String(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }), 0, 0));
    }

    [Fact]
    public void Out_of_range_values_are_clamped_and_counted()
    {
        var h = new LatencyHistogram();
        h.Record(-5);
        h.Record(long.MaxValue);
        Assert.Equal(2, h.Count);
        Assert.Equal(1, h.ClampedCount);
        Assert.Equal(0, h.Min);
        Assert.Equal(LatencyHistogram.HighestTrackableValue, h.Max);
        h.Reset();
        Assert.Equal(0, h.Count);
        Assert.Equal(0, h.ValueAtPercentile(50));
    }
}

public sealed class ThroughputSeriesTests
{
    [Fact]
    public void Operations_land_in_their_second_and_a_partial_last_second_is_scaled()
    {
        var s = new ThroughputSeries(maxSeconds: 10);
        s.Start();
        var t0 = Stopwatch.GetTimestamp();
        var f = Stopwatch.Frequency;
        s.Record(t0 + f / 2, 100);       // second 0
        s.Record(t0 + f + f / 10, 50);   // second 1
        s.Record(t0 + 2 * f + f / 2, 10); // second 2, half elapsed → scaled to 20
        var series = s.PerSecond();
        Assert.Equal(3, series.Length);
        Assert.Equal(100, series[0]);
        Assert.Equal(50, series[1]);
        Assert.InRange(series[2], 19, 21);
        s.Record(t0 + 100 * f, 5); // past the end: counted in the last interval
        Assert.Equal(10, s.PerSecond().Length);
    }
}
