namespace Workbench.Workloads.DbBench;

/// <summary>What the runner is doing now, polled by the progress display. Thread-safe.</summary>
public sealed class BenchProgress
{
    private long _completed;
    private volatile string _current = "";
    private long _total;

    public string Current => _current;
    public long Total => Interlocked.Read(ref _total);
    public long Completed => Interlocked.Read(ref _completed);

    public void Begin(string benchmark, long total)
    {
        Interlocked.Exchange(ref _completed, 0);
        Interlocked.Exchange(ref _total, total);
        _current = benchmark;
    }

    public void Add(long ops) => Interlocked.Add(ref _completed, ops);
}
