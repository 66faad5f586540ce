using System.Text;
using Workbench.Cluster.Client;
using Workbench.Cluster.Store;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Cluster.Topology;
using Workbench.Cluster.Txn;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;
using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Client;
using Workbench.Txn.Mvcc;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.FlowControl;

/// <summary>
/// Flow control end to end: a store whose engine stalls (a gated engine) or reports too much write
/// debt answers new writes ServerIsBusy at once instead of holding them; the client backs off and
/// retries, counts the busy replies, and commits once the store recovers; nothing acknowledged is lost.
/// </summary>
public sealed class ServerIsBusyTests(ITestOutputHelper output)
{
    private static byte[] K(string s) => Encoding.UTF8.GetBytes(s);

    private static string S(byte[]? b) => b is null ? "<null>" : Encoding.UTF8.GetString(b);

    private static async Task WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:0} s");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task A_store_stalled_in_an_engine_write_answers_new_prewrites_server_is_busy_and_the_retried_transaction_commits_after_the_stall()
    {
        var seed = TestSeed.Fixed(output, 2115);
        var gated = new GatedEngineFactory();
        var registry = new EngineRegistry().RegisterBuiltIns().Register(gated);
        var yaml = """
            topology: in-process
            nodes:
              - { id: 1, address: 127.0.0.1:20160, engine: { name: gated } }
              - { id: 2, address: 127.0.0.1:20161, engine: { name: gated } }
              - { id: 3, address: 127.0.0.1:20162, engine: { name: gated } }
            replicas: 3
            raft: { log: separate, tick_ms: 10, election_tick: 10, heartbeat_tick: 2 }
            flow_control: { engine_stall_ms: 200 }
            """;
        var config = new ClusterConfigLoader(registry).Load(yaml, "busy.yaml");
        using var cluster = new InProcessCluster(config, registry, new MemoryFileSystem(), "/cluster", seed);
        await cluster.WaitReadyAsync(TimeSpan.FromSeconds(20));
        var options = new TxnClientOptions { Seed = seed, SecondariesInBackground = false };
        var before = ClusterTxn.NewClient(cluster, options, seed);
        var acknowledged = new Dictionary<string, string>();
        for (var i = 0; i < 20; i++)
        {
            using var t = before.Begin();
            t.Set(K($"k{i:D2}"), K($"v{i}"));
            t.Commit();
            acknowledged[$"k{i:D2}"] = $"v{i}";
        }

        // Every store's engine stalls (so no follower can take over meanwhile: their loops are held too).
        var region = cluster.Pd.GetRegion(MvccKey.Encode(K("a")))!.Value;
        var leader = region.Leader!.StoreId;
        var engines = new List<GatedEngine>();
        var flows = new List<StoreFlowControl>();
        foreach (var (id, loop) in cluster.Stores)
        {
            engines.Add(gated.Of($"node{id}/data"));
            flows.Add(loop.Store.Flow);
        }
        var engine = gated.Of($"node{leader}/data");
        foreach (var e in engines) e.CloseGate();
        try
        {
            // A is admitted and committed; its apply reaches each engine, which holds every store loop in that write.
            var clientA = ClusterTxn.NewClient(cluster.PdRpc, cluster.StoreRpc, options, null, seed + 1);
            var a = Task.Run(() =>
            {
                using var t = clientA.Begin();
                t.Set(K("a"), K("A"));
                t.Commit();
            });
            await WaitFor(() => engines.TrueForAll(e => e.Blocked > 0), TimeSpan.FromSeconds(20), "A's apply reached every gated engine");
            await WaitFor(() => flows.TrueForAll(f => f.EngineWriteRunningMs >= 200), TimeSpan.FromSeconds(20), "the stalled writes ran past engine_stall_ms");

            // B is refused at once, on the RPC's thread, while the loop is still held; it keeps retrying.
            var clientB = ClusterTxn.NewClient(cluster.PdRpc, cluster.StoreRpc, options, null, seed + 2);
            var b = Task.Run(() =>
            {
                using var t = clientB.Begin();
                t.Set(K("b"), K("B"));
                t.Commit();
            });
            await WaitFor(() => clientB.Stats.ServerBusy >= 1, TimeSpan.FromSeconds(30), "B got ServerIsBusy while the engine was stalled");
            Assert.True(engine.Blocked > 0, "the stall still held when B was answered");
            Assert.False(a.IsCompleted);
            Assert.False(b.IsCompleted);
            Assert.True(flows.Sum(f => f.Rejected.EngineStall) >= 1);

            foreach (var e in engines) e.OpenGate();
            await a.WaitAsync(TimeSpan.FromSeconds(60)); // A committed after the stall
            await b.WaitAsync(TimeSpan.FromSeconds(60)); // B's retry committed after the stall
            acknowledged["a"] = "A";
            acknowledged["b"] = "B";
            Assert.True(clientB.Stats.ServerBusyBackoffMs > 0);
            Assert.Equal(0, clientA.Stats.Aborted + clientB.Stats.Aborted);
        }
        finally
        {
            foreach (var e in engines) e.OpenGate();
        }
        Assert.DoesNotContain(engines, e => e.GateTimedOut);
        await WaitFor(() => flows.TrueForAll(f => f.PendingWriteBytes == 0), TimeSpan.FromSeconds(20), "every admitted write was answered and released");
        var reader = ClusterTxn.NewClient(cluster, options, seed + 3);
        using (var r = reader.Begin())
            foreach (var (k, v) in acknowledged) Assert.Equal(v, S(r.Get(K(k))));
    }

    /// <summary>One run of the simulated scenario: (busy replies, L0 refusals, virtual time the transaction committed).</summary>
    private static (long Busy, long L0Refusals, long CommittedAt, string Value) SimulatedPressureRun(int seed)
    {
        var gated = new GatedEngineFactory();
        using var c = new SimulatedCluster(new SimulatedClusterOptions
        {
            Seed = seed,
            Registry = new EngineRegistry().RegisterBuiltIns().Register(gated),
            EngineFor = _ => new EngineConfig(GatedEngineFactory.EngineName),
            StoreOptions = id => new StoreOptions { StoreId = id, SplitKeyOf = TxnKeys.SplitKeyOf, FlowControl = new FlowControlOptions { L0FilesThreshold = 20 } },
            RpcTimeoutMs = 3_000,
        });
        var kv = new ClusterTxnKvService(new RegionCache(c.PdRpc), c.StoreRpc, c.Clock, new Random(seed));
        ulong Ts()
        {
            var r = c.Await(c.PdRpc.TsoAsync(1));
            return TimeStamp.Compose(r.Physical, (ulong)r.Logical);
        }
        // ConfigureAwait(false): continuations run inline on the simulation's thread, never on the test framework's context (which would break replay).
        async Task WriteAsync(string key, string value, ulong start, Func<ulong> commitTs)
        {
            await kv.PrewriteAsync(new PrewriteRequest { Mutations = [Mutation.Put(K(key), K(value))], Primary = K(key), StartTs = start, MinCommitTs = start + 1 }).ConfigureAwait(false);
            await kv.CommitAsync(new CommitRequest([K(key)], start, commitTs())).ConfigureAwait(false);
        }
        ulong TsInline()
        {
            // The commit ts is taken from PD directly: on the simulation thread the client cannot block on an RPC.
            var r = c.Pd.Tso(1);
            return TimeStamp.Compose(r.Physical, (ulong)r.Logical);
        }
        c.Await(WriteAsync("before", "1", Ts(), TsInline));

        // Every engine reports 50 L0 files (above l0-files-threshold 20): after the next tick samples it, writes are refused.
        foreach (var e in gated.All) e.SetProperty(PropertyNames.NumFilesAtLevel + "0", "50");
        c.RunFor(50);
        var pending = WriteAsync("key", "value", Ts(), TsInline);
        c.RunFor(8_000);
        Assert.False(pending.IsCompleted, $"the write waits while every store is busy (seed {seed})");
        Assert.True(kv.ServerBusyReplies >= 1, $"busy replies: {kv.ServerBusyReplies} (seed {seed})");
        foreach (var e in gated.All) e.SetProperty(PropertyNames.NumFilesAtLevel + "0", null);
        c.Await(pending, 60_000);
        var committedAt = c.Now;
        var value = S(c.Await(kv.GetAsync(K("key"), Ts())));
        Assert.Equal("1", S(c.Await(kv.GetAsync(K("before"), Ts()))));
        long l0 = 0;
        foreach (var id in c.StoreIds) l0 += c.LiveStore(id).Flow.Rejected.L0Files;
        return (kv.ServerBusyReplies, l0, committedAt, value);
    }

    [Fact]
    public void Engine_write_debt_reported_through_properties_refuses_writes_and_a_seeded_simulated_run_replays_exactly()
    {
        var seed = TestSeed.Fixed(output, 4242);
        var first = SimulatedPressureRun(seed);
        Assert.Equal("value", first.Value);
        Assert.True(first.L0Refusals >= first.Busy, $"every busy reply was an L0 refusal ({first})");
        var again = SimulatedPressureRun(seed);
        Assert.Equal(first, again);
    }
}
