using System.Text;
using Workbench.Cluster.Topology;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;

namespace Workbench.Cluster.Tests.Txn;

/// <summary>A 3-replica in-process cluster on memory engines (fast ticks) with helpers for the txn tests.</summary>
internal sealed class TxnClusterFixture : IDisposable
{
    public TxnClusterFixture(string splitSize = "8MiB", int seed = 7)
    {
        var yaml = $$"""
            topology: in-process
            nodes:
              - { id: 1, address: 127.0.0.1:20160, engine: { name: memory } }
              - { id: 2, address: 127.0.0.1:20161, engine: { name: memory } }
              - { id: 3, address: 127.0.0.1:20162, engine: { name: memory } }
            replicas: 3
            raft: { log: separate, tick_ms: 10, election_tick: 10, heartbeat_tick: 2 }
            region: { split_size: {{splitSize}}, split_keys: 100000 }
            """;
        var registry = new EngineRegistry().RegisterBuiltIns();
        var config = new ClusterConfigLoader(registry).Load(yaml, "txn-test.yaml");
        Cluster = new InProcessCluster(config, registry, new MemoryFileSystem(), "/cluster", seed);
        Cluster.WaitReadyAsync(TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
        ClusterTxn.AttachTso(Cluster);
    }

    public InProcessCluster Cluster { get; }

    public TxnClient NewClient(TxnClientOptions? options = null, int seed = 1) =>
        ClusterTxn.NewClient(Cluster.PdRpc, Cluster.StoreRpc, options ?? new TxnClientOptions { Seed = seed, SecondariesInBackground = false }, null, seed);

    public static byte[] K(string s) => Encoding.UTF8.GetBytes(s);

    public static string S(byte[]? b) => b is null ? "<null>" : Encoding.UTF8.GetString(b);

    /// <summary>Writes committed data until PD knows at least <paramref name="regions"/> regions.</summary>
    public void SplitInto(int regions, TxnClient client, string prefix = "fill")
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var i = 0;
        var value = new byte[1024];
        while (Cluster.Pd.AllRegions().Count < regions)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the cluster did not split into {regions} regions (has {Cluster.Pd.AllRegions().Count})");
            using var t = client.Begin();
            for (var j = 0; j < 8; j++) t.Set(K($"{prefix}{i++:D6}"), value);
            t.Commit();
            if (i % 64 == 0) Thread.Sleep(20);
        }
        WaitAllRegionsLed();
    }

    /// <summary>Waits until every region PD knows has a leader on some store.</summary>
    public void WaitAllRegionsLed()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var led = new HashSet<ulong>();
            foreach (var loop in Cluster.Stores.Values)
                foreach (var (r, isLeader, _, _, _) in loop.Query(s => s.PeerStates()).GetAwaiter().GetResult())
                    if (isLeader) led.Add(r.Id);
            if (Cluster.Pd.AllRegions().TrueForAll(r => led.Contains(r.Region.Id))) return;
            Thread.Sleep(10);
        }
        throw new TimeoutException("some region has no leader");
    }

    /// <summary>The region ids that hold the given keys (encoded as the txn layer routes them).</summary>
    public HashSet<ulong> RegionsOf(params string[] keys)
    {
        var ids = new HashSet<ulong>();
        foreach (var k in keys) ids.Add(Cluster.Pd.GetRegion(Workbench.Txn.Mvcc.MvccKey.Encode(K(k)))!.Value.Region.Id);
        return ids;
    }

    /// <summary>Runs <paramref name="f"/> on the store's loop and waits for its answer.</summary>
    public static T Q<T>(StoreLoop loop, Func<Workbench.Cluster.Store.RaftStore, T> f) => loop.Query(f).GetAwaiter().GetResult();

    public void Dispose() => Cluster.Dispose();
}
