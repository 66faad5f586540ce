namespace Workbench.Workloads.DbBench;

/// <summary>What the runner is doing now, polled by the progress display. Thread-safe.</summary>
public sealed class BenchProgress
{
    private long _completed;
    private volatile string _current = "";
    private long _total;

    /// <summary>Name of the benchmark running now ("" before the first).</summary>
    public string Current => _current;
    /// <summary>Operations the current benchmark will do.</summary>
    public long Total => Interlocked.Read(ref _total);
    /// <summary>Operations of the current benchmark done so far.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Starts counting <paramref name="benchmark"/> toward <paramref name="total"/> operations.</summary>
    public void Begin(string benchmark, long total)
    {
        Interlocked.Exchange(ref _completed, 0);
        Interlocked.Exchange(ref _total, total);
        _current = benchmark;
    }

    /// <summary>Counts <paramref name="ops"/> more completed operations.</summary>
    public void Add(long ops) => Interlocked.Add(ref _completed, ops);
}
