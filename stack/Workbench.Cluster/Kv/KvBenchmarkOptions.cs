namespace Workbench.Cluster.Kv;

public sealed class KvBenchmarkOptions
{
    public int Operations { get; init; } = 50_000;
    public int ValueSize { get; init; } = 100;
    public int KeySpace { get; init; } = 10_000;

    /// <summary>Writes outstanding at the leader at once (they batch into the same Ready, one sync each).</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Directory on the local disk for the Raft logs and engines; null = in memory (MemoryFileSystem).</summary>
    public string? Directory { get; init; }

    public int Seed { get; init; } = 42;
}
