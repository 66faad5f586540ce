using BenchmarkDotNet.Attributes;
using Workbench.Workloads.Measurement;

namespace Workbench.Benchmarks.Measurement;

/// <summary>Cost of timing one operation: recording into the log-linear histogram (must not allocate).</summary>
[MemoryDiagnoser]
public class LatencyHistogramBenchmarks
{
    private readonly LatencyHistogram _histogram = new();
    private long[] _values = [];

    /// <summary>Draws 4096 log-uniform latencies (100 ns to 10 ms, fixed seed) and records them once so P99 reads a populated histogram.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        // Latencies from 100 ns to ~10 ms, log-uniform, like a mix of cache hits and stalls.
        _values = Enumerable.Range(0, 4096).Select(_ => (long)Math.Pow(10, 2 + rng.NextDouble() * 5)).ToArray();
        // Each benchmark runs in its own process: fill the histogram here so P99 scans a populated one.
        foreach (var v in _values) _histogram.Record(v);
    }

    /// <summary>Records 4096 latencies; per-operation figure is one record.</summary>
    [Benchmark(OperationsPerInvoke = 4096)]
    public void Record()
    {
        foreach (var v in _values) _histogram.Record(v);
    }

    /// <summary>The 99th percentile of the populated histogram (a scan of its buckets).</summary>
    [Benchmark]
    public long P99() => _histogram.ValueAtPercentile(99);
}
