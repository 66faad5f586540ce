namespace Workbench.Cluster.Kv;

/// <summary>Parameters of <see cref="KvBenchmark.Run"/>.</summary>
public sealed class KvBenchmarkOptions
{
    /// <summary>Puts to make through the leader.</summary>
    public int Operations { get; init; } = 50_000;
    /// <summary>Bytes per value.</summary>
    public int ValueSize { get; init; } = 100;
    /// <summary>Distinct keys the puts are spread over.</summary>
    public int KeySpace { get; init; } = 10_000;

    /// <summary>Writes outstanding at the leader at once (they batch into the same Ready, one sync each).</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Directory on the local disk for the Raft logs and engines; null = in memory (MemoryFileSystem).</summary>
    public string? Directory { get; init; }

    /// <summary>Seed of the key choices and Raft timeouts.</summary>
    public int Seed { get; init; } = 42;
}
