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
    public double OpsPerSecond => Operations / Seconds;
    public double RaftShare => RaftLogBytes + EngineBytes == 0 ? 0 : (double)RaftLogBytes / (RaftLogBytes + EngineBytes);
}
