using System.Globalization;
using Workbench.Cluster.Client;
using Workbench.Cluster.Net;
using Workbench.Cluster.Txn;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Jepsen.Txn;
using Workbench.Storage.Registry;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;

namespace Workbench.Jepsen.Tcp;

/// <summary>
/// The txn layer on a tcp cluster of real processes (layer txn, topology tcp): the cluster's
/// transactional service (<see cref="ClusterTxnKvService"/> on the region leaders) reached through
/// <see cref="TcpCluster.Connect"/>, timestamps from PD's TSO. Nemeses: kill (kill -9 of a random
/// node, restarted when the fault stops), kill-pd (kill -9 of PD, restarted), pause (SIGSTOP of a
/// node, SIGCONT), partition / partition-one (one node's Raft traffic cut off from the other two
/// through the nodes' FaultDropRaft hook; client and PD traffic still flow). One fault at a time
/// (the schedule never overlaps them), so at most one of three nodes is ever down.
/// </summary>
public sealed class TcpTxnTarget : ITxnTarget
{
    private readonly TcpProcessCluster _cluster;
    private readonly TcpCluster _client;
    private readonly EngineConfig _engine;
    private ulong? _killed;
    private ulong? _paused;
    private ulong? _isolated;

    /// <summary>Starts PD and 3 node processes with <paramref name="workbenchCommand"/> on <paramref name="engine"/> (with <paramref name="withSql"/> also the SQL role, once the cluster is ready), then a txn client over them (seeded by <paramref name="seed"/>).</summary>
    public TcpTxnTarget(IReadOnlyList<string> workbenchCommand, EngineConfig engine, int seed, bool withSql = false)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _cluster = new TcpProcessCluster(workbenchCommand, engine, withSql);
        try
        {
            _cluster.Start(TimeSpan.FromSeconds(120));
            if (withSql)
            {
                _cluster.StartSql();
                _cluster.WaitSqlReady(TimeSpan.FromSeconds(120));
            }
        }
        catch
        {
            _cluster.Dispose();
            throw;
        }
        // A paused node must not hold a client for long: its requests time out and the client moves on.
        _client = TcpCluster.Connect(_cluster.PdAddress, TimeSpan.FromSeconds(2));
        var random = new Random(seed);
        Service = new ClusterTxnKvService(new RegionCache(_client.PdRpc), _client.StoreRpc, SystemClusterClock.Instance, new Random(random.Next()), maxBackoffMs: 10_000);
        Timestamps = new PdTimestampSource(_client.PdRpc, SystemClusterClock.Instance, new Random(random.Next()));
    }

    /// <summary>The process cluster under the target (for its logs and addresses).</summary>
    public TcpProcessCluster Cluster => _cluster;

    /// <inheritdoc/>
    public string Description => $"txn layer on a tcp cluster of {TcpProcessCluster.NodeCount} {_engine.Name} node processes and PD on 127.0.0.1 (kill = kill -9, pause = SIGSTOP)";

    /// <inheritdoc/>
    public ITxnKvService Service { get; }

    /// <inheritdoc/>
    public ITimestampSource Timestamps { get; }

    /// <summary>The faults real processes support: kill -9, PD kill, SIGSTOP pause, partitions by dropping links.</summary>
    public static readonly NemesisKind[] Supported = [NemesisKind.Kill, NemesisKind.KillPd, NemesisKind.Pause, NemesisKind.Partition, NemesisKind.PartitionOne];

    /// <inheritdoc/>
    public IReadOnlyCollection<NemesisKind> SupportedNemeses => Supported;

    private static ulong PickNode(Random random) => (ulong)random.Next(1, TcpProcessCluster.NodeCount + 1);

    /// <inheritdoc/>
    public string Start(NemesisKind kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (kind)
        {
            case NemesisKind.Kill:
            {
                var id = PickNode(random);
                _cluster.KillNode(id);
                _killed = id;
                return $"kill -9 node {N(id)}";
            }
            case NemesisKind.KillPd:
                _cluster.Kill9("pd");
                return "kill -9 PD";
            case NemesisKind.Pause:
            {
                var id = PickNode(random);
                _cluster.Signal(id, stop: true);
                _paused = id;
                return $"SIGSTOP node {N(id)}";
            }
            case NemesisKind.Partition:
            case NemesisKind.PartitionOne:
            {
                var id = PickNode(random);
                var others = _cluster.NodeAddresses.Keys.Where(o => o != id).ToArray();
                var answered = _cluster.CutOff(id, others);
                foreach (var o in others) answered &= _cluster.CutOff(o, [id]);
                _isolated = id;
                return $"node {N(id)} cut off from nodes {string.Join(",", others.Select(N))} (Raft messages dropped both ways){(answered ? "" : "; a node did not answer the hook")}";
            }
            default:
                throw new JepsenConfigException($"nemesis '{NemesisNames.Name(kind)}' is not available on the tcp topology; it has {string.Join(", ", Supported.Select(NemesisNames.Name))}");
        }
    }

    /// <inheritdoc/>
    public string Stop(NemesisKind kind)
    {
        switch (kind)
        {
            case NemesisKind.Kill:
                if (_killed is not { } id) return "";
                _cluster.StartNode(id);
                _killed = null;
                return $"restarted node {N(id)}";
            case NemesisKind.KillPd:
                if (_cluster.IsRunning("pd")) return "";
                _cluster.StartPd();
                return "restarted PD";
            case NemesisKind.Pause:
                if (_paused is not { } p) return "";
                _cluster.Signal(p, stop: false);
                _paused = null;
                return $"SIGCONT node {N(p)}";
            case NemesisKind.Partition:
            case NemesisKind.PartitionOne:
                if (_isolated is null) return "";
                foreach (var n in _cluster.NodeAddresses.Keys) _cluster.CutOff(n, []);
                _isolated = null;
                return "network healed";
            default:
                return "";
        }
    }

    private static string N(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public void HealAll()
    {
        Stop(NemesisKind.Pause);
        Stop(NemesisKind.Partition);
        Stop(NemesisKind.KillPd);
        Stop(NemesisKind.Kill);
        // The final reads need a whole cluster again: every store up, every region led.
        _cluster.WaitReady(TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops the client and the processes; deletes the cluster directory.</summary>
    public void Dispose()
    {
        _client.Dispose();
        _cluster.Dispose();
    }
}
