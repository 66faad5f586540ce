using System.Diagnostics;
using Workbench.Workloads.Measurement;

namespace Workbench.Workloads.Tests.Measurement;

public sealed class SlowOpRecorderTests
{
    private static readonly double TicksPerMicro = Stopwatch.Frequency / 1e6;

    private static void Op(SlowOpRecorder r, long start, double micros, long ordinal)
    {
        r.Begin();
        r.End(start, start + (long)(micros * TicksPerMicro), ordinal);
    }

    [Fact]
    public void Keeps_the_slowest_operations_slowest_first()
    {
        var seed = Environment.GetEnvironmentVariable("WORKBENCH_SEED") is { } s ? int.Parse(s) : Random.Shared.Next();
        var rng = new Random(seed);
        var r = new SlowOpRecorder(5, phaseStartTimestamp: 0);
        var all = new List<double>();
        for (var i = 0; i < 1000; i++)
        {
            var micros = 1 + rng.Next(100_000);
            all.Add(micros);
            Op(r, 1000 + i * 10_000L, micros, i);
        }
        all.Sort((a, b) => b.CompareTo(a));
        var kept = r.Slowest();
        Assert.True(kept.Length == 5, $"seed {seed}");
        for (var i = 0; i < 5; i++) Assert.True(Math.Abs(all[i] - kept[i].Micros) < 0.01, $"seed {seed}: #{i} {kept[i].Micros} != {all[i]}");
        foreach (var op in kept)
        {
            Assert.InRange(op.Ordinal, 0, 999);
            Assert.True(Math.Abs(op.StartMs - (1000 + op.Ordinal * 10_000L) / TicksPerMicro / 1000) < 1e-6, $"seed {seed}");
        }
    }

    [Fact]
    public void Fewer_operations_than_capacity_are_all_kept_and_merge_takes_the_slowest_of_all()
    {
        var a = new SlowOpRecorder(3, 0);
        var b = new SlowOpRecorder(3, 0);
        Op(a, 0, 10, 0);
        Op(a, 0, 30, 1);
        Op(b, 0, 20, 0);
        Op(b, 0, 40, 1);
        Op(b, 0, 5, 2);
        Assert.Equal(2, a.Slowest().Length);
        var merged = SlowOpRecorder.Merge([a, b], 3);
        Assert.Equal([40.0, 30.0, 20.0], merged.Select(o => Math.Round(o.Micros)));
    }

    [Fact]
    public void An_operation_that_allocates_through_a_collection_sees_it()
    {
        var r = new SlowOpRecorder(1, 0);
        r.Begin();
        var t0 = Stopwatch.GetTimestamp();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        r.End(t0, Stopwatch.GetTimestamp(), 0);
        var op = Assert.Single(r.Slowest());
        Assert.True(op.GcCollections >= 1);
        Assert.True(op.GcGen2 >= 1);
        if (OperatingSystem.IsLinux()) Assert.NotNull(op.CpuMicros);
    }
}
