namespace Workbench.Cluster.Kv;

/// <summary>Throughput and bytes written (summed over the replicas) by the Raft log and by the engines.</summary>
public sealed record KvBenchmarkResult(
    int Operations,
    double Seconds,
    long RaftLogBytes,
    long EngineBytes,
    long UserBytes,
    IReadOnlyDictionary<string, long> RaftBytesByCategory,
    IReadOnlyDictionary<string, long> EngineBytesByCategory,
    long RaftSyncs)
{
    /// <summary>Puts per second.</summary>
    public double OpsPerSecond => Operations / Seconds;
    /// <summary>Share of the bytes written that went to the Raft log (vs. the engines).</summary>
    public double RaftShare => RaftLogBytes + EngineBytes == 0 ? 0 : (double)RaftLogBytes / (RaftLogBytes + EngineBytes);
}
