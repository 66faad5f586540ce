using Workbench.Cluster.Pd;
using Workbench.Cluster.Store;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Cluster.Topology;
using Workbench.Cluster.Txn;
using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using Xunit.Abstractions;
using static Workbench.Cluster.Tests.Txn.TxnClusterFixture;

namespace Workbench.Cluster.Tests.Txn;

/// <summary>The Kv* service on the single-threaded simulated topology: latches wait by callback, never by blocking the one thread.</summary>
public sealed class SimulatedTxnTests(ITestOutputHelper output)
{
    [Fact]
    public void Concurrent_prewrites_on_one_key_queue_on_latches_and_one_wins_on_the_single_simulation_thread()
    {
        var seed = TestSeed.Fixed(output, 1207);
        using var c = new SimulatedCluster(new SimulatedClusterOptions
        {
            Seed = seed,
            StoreOptions = id => new StoreOptions { StoreId = id, SplitSizeBytes = 8 << 10, SplitKeys = 1_000_000, SplitCheckTicks = 2, RegionHeartbeatTicks = 5, StoreHeartbeatTicks = 5, SplitKeyOf = TxnKeys.SplitKeyOf },
            Pd = new PdOptions { EnableBalance = false },
        });
        foreach (var id in c.StoreIds)
            StoreTxnState.Of(c.LiveStore(id)).MaxTsSource = () => { var r = c.Pd.Tso(1); return TimeStamp.Compose(r.Physical, (ulong)r.Logical); };
        var kv = new ClusterTxnKvService(new Client.RegionCache(c.PdRpc), c.StoreRpc, c.Clock, new Random(seed));
        ulong Ts() { var r = c.Await(c.PdRpc.TsoAsync(1)); return TimeStamp.Compose(r.Physical, (ulong)r.Logical); }

        // Fill until the region splits, with 2PC transactions driven through the async API.
        var value = new byte[600];
        for (var i = 0; i < 40 && c.Pd.AllRegions().Count < 2; i++)
        {
            var ts = Ts();
            var keys = Enumerable.Range(0, 4).Select(j => K($"k{i:D3}{j}")).ToArray();
            c.Await(kv.PrewriteAsync(new PrewriteRequest { Mutations = keys.Select(k => Mutation.Put(k, value)).ToList(), Primary = keys[0], StartTs = ts, MinCommitTs = ts + 1 }));
            c.Await(kv.CommitAsync(new CommitRequest(keys, ts, Ts())));
            c.RunFor(30);
        }
        Assert.True(c.RunUntil(() => c.Pd.AllRegions().Count >= 2, 10_000), "the region split");

        // Two transactions prewrite the same key at once: both requests are in flight before the
        // simulation runs; the second waits on the latch (a callback) and then meets the first's lock.
        var t1 = Ts();
        var t2 = Ts();
        var p1 = kv.PrewriteAsync(new PrewriteRequest { Mutations = [Mutation.Put(K("hot"), K("1"))], Primary = K("hot"), StartTs = t1, MinCommitTs = t1 + 1 });
        var p2 = kv.PrewriteAsync(new PrewriteRequest { Mutations = [Mutation.Put(K("hot"), K("2"))], Primary = K("hot"), StartTs = t2, MinCommitTs = t2 + 1 });
        Exception? e1 = null, e2 = null;
        try { c.Await(p1); } catch (KeyIsLockedException e) { e1 = e; }
        try { c.Await(p2); } catch (KeyIsLockedException e) { e2 = e; }
        Assert.True((e1 is null) != (e2 is null), $"exactly one prewrite wins (1: {e1?.Message}, 2: {e2?.Message})");
        var (winner, loser) = e1 is null ? (t1, t2) : (t2, t1);
        Assert.Equal(winner, ((KeyIsLockedException)(e1 ?? e2)!).Locks[0].Lock.StartTs);
        _ = loser;
        c.Await(kv.CommitAsync(new CommitRequest([K("hot")], winner, Ts())));
        Assert.Equal(e1 is null ? "1" : "2", S(c.Await(kv.GetAsync(K("hot"), Ts()))));

        // An async-commit transaction across both regions: committed once every lock is written.
        var first = K("k0000");
        var last = K("zzz");
        Assert.NotEqual(c.Pd.GetRegion(MvccKey.Encode(first))!.Value.Region.Id, c.Pd.GetRegion(MvccKey.Encode(last))!.Value.Region.Id);
        var t3 = Ts();
        var resp = c.Await(kv.PrewriteAsync(new PrewriteRequest { Mutations = [Mutation.Put(first, K("A")), Mutation.Put(last, K("Z"))], Primary = first, StartTs = t3, MinCommitTs = t3 + 1, UseAsyncCommit = true, Secondaries = [last] }));
        Assert.True(resp.MinCommitTs > t3);
        c.Await(kv.CommitAsync(new CommitRequest([first, last], t3, resp.MinCommitTs)));
        var all = c.Await(kv.ScanAsync(K(""), null, 10_000, Ts()));
        Assert.Contains(all, p => S(p.Key) == "zzz" && S(p.Value) == "Z");
        Assert.Contains(all, p => S(p.Key) == "k0000" && S(p.Value) == "A");
        foreach (var id in c.StoreIds) Assert.Equal(0, StoreTxnState.Of(c.LiveStore(id)).Latches.WaitingCount);

        // A malformed request (a Put without a value) gets an abort naming it; the store loop goes on.
        var region = c.Pd.GetRegion(MvccKey.Encode(last))!.Value;
        var leader = ClusterChecks.LeaderStore(c, region.Region.Id);
        var bad = new Workbench.Cluster.Messages.PrewriteRequest
        {
            Context = new Workbench.Cluster.Messages.Context { RegionId = region.Region.Id, RegionEpoch = region.Region.RegionEpoch, Peer = region.Region.Peers.First(p => p.StoreId == leader) },
            PrimaryLock = Google.Protobuf.ByteString.CopyFromUtf8("zzz"),
            StartVersion = Ts(),
            Mutations = { new Workbench.Cluster.Messages.Mutation { Op = Workbench.Cluster.Messages.Op.Lock, Key = Google.Protobuf.ByteString.CopyFromUtf8("zzz") }, new Workbench.Cluster.Messages.Mutation { Op = Workbench.Cluster.Messages.Op.Rollback, Key = Google.Protobuf.ByteString.CopyFromUtf8("zzz") } },
        };
        var answer = c.Await(c.StoreRpc.CallAsync(leader, Workbench.Cluster.Server.KvServer.KvPrewrite, bad, Workbench.Cluster.Messages.PrewriteResponse.Parser));
        Assert.Contains("not served", Assert.Single(answer.Errors).Abort, StringComparison.Ordinal);
        Assert.Equal("Z", S(c.Await(kv.GetAsync(last, Ts()))));
    }
}
