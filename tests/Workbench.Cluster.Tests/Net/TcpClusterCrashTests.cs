using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using Workbench.Cluster.Client;
using Workbench.Cluster.Net;
using Workbench.Cluster.Store;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Net;

/// <summary>
/// Three real processes (`workbench cluster up`, nodes lsm, lsm and rocksdb) on 127.0.0.1 with
/// ports chosen at test time: SIGKILL of the leader's node, then of a follower's, each during
/// synced writes and each restarted (`cluster add-node` starts a listed node that is not running);
/// afterwards every acknowledged write reads back, and the rocksdb node's own engine (opened
/// offline after `cluster down`) holds every one of them.
/// </summary>
public sealed class TcpClusterCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Kill_9_of_leader_and_follower_during_synced_writes_loses_no_acknowledged_write()
    {
        var seed = TestSeed.Fixed(output, 1301);
        using var c = new TcpTestCluster(output, ["lsm", "lsm", "rocksdb"], standby: 0);
        c.Run("cluster", "up", c.ConfigPath, "--timeout-s", "90");
        var acked = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var failed = 0;
        using var stop = new CancellationTokenSource();
        await using (var cluster = TcpCluster.Connect(c.PdAddress))
        {
            var client = cluster.NewRawClient(seed, maxBackoffMs: 60_000);
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var key = $"w{w}-{n:D6}";
                    var value = $"v{n}-{seed}-{w}";
                    try
                    {
                        await client.PutAsync(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
                        acked[key] = value;
                    }
                    catch (ClusterException)
                    {
                        Interlocked.Increment(ref failed); // undetermined (timed out at a leader that died): not acknowledged
                    }
                }
            })).ToArray();

            async Task Progress(int more, string what)
            {
                var target = acked.Count + more;
                var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
                while (acked.Count < target)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"{what}: writes stalled at {acked.Count} acknowledged\n{c.Logs()}");
                    foreach (var t in writers) if (t.IsFaulted) await t; // surface a writer's unexpected exception
                    await Task.Delay(20); // poll interval of the condition
                }
            }

            await Progress(100, "before any kill");
            var st = await c.StatusAsync();
            var leader = st.Regions.Single().Leader.StoreId;
            c.Kill9(leader);
            await Progress(100, $"after killing leader store {leader}");
            c.Run("cluster", "add-node", c.ConfigPath, "--id", leader.ToString(System.Globalization.CultureInfo.InvariantCulture));

            st = await c.WaitAsync(s => s.Regions.Single().Leader is { Id: not 0 }, "a leader after the restart", TimeSpan.FromSeconds(30));
            var follower = st.Stores.Select(s => s.Store.Id).First(id => id != st.Regions.Single().Leader.StoreId);
            c.Kill9(follower);
            await Progress(100, $"after killing follower store {follower}");
            c.Run("cluster", "add-node", c.ConfigPath, "--id", follower.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Progress(50, "after the follower's restart");
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            output.WriteLine($"acknowledged {acked.Count}, failed (not acknowledged) {failed}");

            var reader = cluster.NewRawClient(seed + 1, maxBackoffMs: 60_000);
            foreach (var (key, value) in acked)
            {
                var got = await reader.GetAsync(Encoding.UTF8.GetBytes(key));
                Assert.True(got is not null, $"acknowledged write {key} is lost");
                Assert.Equal(value, Encoding.UTF8.GetString(got));
            }
        }

        // The rocksdb node must have applied everything any replica applied (writes have stopped) before we stop it.
        var region = (await c.StatusAsync()).Regions.Single().Region.Id;
        double most = 0;
        foreach (var (id, engineName) in c.Engines)
            most = Math.Max(most, await c.MetricAsync(id, $"workbench_region_applied_index{{store=\"{id}\",engine=\"{engineName}\",region=\"{region}\"") ?? 0);
        Assert.True(most > 0, "no replica reports an applied index");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var applied = await c.MetricAsync(3, $"workbench_region_applied_index{{store=\"3\",engine=\"rocksdb\",region=\"{region}\"");
            if (applied >= most) break;
            Assert.True(DateTime.UtcNow < deadline, $"store 3 applied {applied}, another replica {most}");
            await Task.Delay(50); // poll interval of the condition
        }
        Assert.True(await c.MetricAsync(3, "workbench_engine_bytes_written{store=\"3\",engine=\"rocksdb\",category=\"wal\"}") > 0);
        c.Run("cluster", "down", c.ConfigPath);

        using var engine = Harness.Engines.EngineCatalog.Create().Open(new EngineConfig("rocksdb"), Path.Combine(c.Dir, "node3", "data").Replace('\\', '/'), LocalFileSystem.Instance, ColumnFamilies.All);
        var cf = engine.GetColumnFamily(ColumnFamilies.Default);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var (key, value) in acked)
        {
            buffer.Clear();
            Assert.True(engine.TryGet(cf, Encoding.UTF8.GetBytes(key), buffer), $"the rocksdb node lacks acknowledged write {key}");
            Assert.Equal(value, Encoding.UTF8.GetString(buffer.WrittenSpan));
        }
    }
}
