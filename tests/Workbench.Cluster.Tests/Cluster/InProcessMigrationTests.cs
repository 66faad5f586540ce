using System.Text;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Topology;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;
using Workbench.Storage.RocksDb;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Cluster;

/// <summary>
/// Online engine migration on the in-process topology: a cluster of rocksdb stores under a raw
/// write workload gets three titan stores, then the rocksdb stores are decommissioned while the
/// writers run. No write may fail in a way the client could not retry, and every acknowledged
/// write is readable from the titan stores at the end.
/// </summary>
public sealed class InProcessMigrationTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"wb-migrate-{Environment.ProcessId}-{Guid.NewGuid():N}");

    private static EngineRegistry Registry() => new EngineRegistry().RegisterBuiltIns().Register(new RocksDbEngineFactory()).Register(new TitanEngineFactory());

    private const string Yaml = """
        topology: in-process
        nodes:
          - { id: 1, address: 127.0.0.1:20160, engine: { name: rocksdb } }
          - { id: 2, address: 127.0.0.1:20161, engine: { name: rocksdb } }
          - { id: 3, address: 127.0.0.1:20162, engine: { name: rocksdb } }
        replicas: 3
        raft: { log: separate, tick_ms: 10, election_tick: 10, heartbeat_tick: 2 }
        region: { split_size: 32KiB, split_keys: 100000 }
        """;

    [Fact]
    public async Task Rocksdb_stores_are_replaced_by_titan_stores_while_writers_run()
    {
        var registry = Registry();
        var config = new ClusterConfigLoader(registry).Load(Yaml, "migrate.yaml");
        var fs = new CountingFileSystem(LocalFileSystem.Instance);
        Directory.CreateDirectory(_dir);
        using var cluster = new InProcessCluster(config, registry, fs, _dir.Replace('\\', '/'), seed: 7);
        await cluster.WaitReadyAsync(TimeSpan.FromSeconds(20));

        var acked = new Dictionary<string, string>[4];
        var errors = new List<string>();
        long retried = 0, puts = 0;
        using var stop = new CancellationTokenSource();
        var writers = new Task[4];
        for (var w = 0; w < writers.Length; w++)
        {
            var id = w;
            acked[id] = new Dictionary<string, string>(StringComparer.Ordinal);
            var client = cluster.NewRawClient();
            writers[id] = Task.Run(async () =>
            {
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var key = $"key{(n * 4 + id) % 400:D5}";
                    var value = $"{id}:{n}:".PadRight(512, 'v');
                    for (var attempt = 0; ; attempt++)
                    {
                        try
                        {
                            await client.PutAsync(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(value));
                            acked[id][key] = value;
                            break;
                        }
                        catch (ClusterException e) when (e.Undetermined && attempt < 20)
                        {
                            Interlocked.Increment(ref retried); // a blind put may be repeated
                        }
                        catch (ClusterException e)
                        {
                            lock (errors) errors.Add($"{key}: {e.Message}");
                            break;
                        }
                    }
                    Interlocked.Increment(ref puts);
                }
            });
        }

        await WaitAsync(() => Interlocked.Read(ref puts) > 1500 && cluster.Pd.AllRegions().Count >= 3, TimeSpan.FromSeconds(30), "load and splits");
        var titan = new EngineConfig("titan", new Dictionary<string, string> { ["min_blob_size"] = "256" });
        for (ulong id = 4; id <= 6; id++) cluster.AddNode(new NodeConfig(id, $"127.0.0.1:{20160 + id}", titan, new Dictionary<string, string>(), 0));
        Assert.Equal(StoreState.Up, cluster.Status(4)!.State);
        var putsBefore = Interlocked.Read(ref puts);
        await Task.WhenAll(cluster.DecommissionAsync(1, TimeSpan.FromSeconds(60)), cluster.DecommissionAsync(2, TimeSpan.FromSeconds(60)), cluster.DecommissionAsync(3, TimeSpan.FromSeconds(60)));
        var putsDuring = Interlocked.Read(ref puts) - putsBefore;
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        foreach (var s in cluster.Status()) output.WriteLine($"store {s.StoreId} {s.Engine} {s.State} regions {s.Regions} leaders {s.Leaders} running {s.Running}");
        output.WriteLine($"puts {puts} ({putsDuring} during the move), undetermined retried {retried}, regions {cluster.Pd.AllRegions().Count}, snapshot bytes {fs.Counters.Snapshot().BytesWritten(WriteCategory.Snapshot)}");
        foreach (var e in errors.Take(10)) output.WriteLine("error: " + e);
        Assert.Empty(errors);
        Assert.True(putsDuring > 0, "writes went on during the move");
        foreach (ulong id in new ulong[] { 1, 2, 3 })
        {
            var s = cluster.Status(id)!;
            Assert.Equal(StoreState.Tombstone, s.State);
            Assert.False(s.Running);
        }
        Assert.All(cluster.Pd.AllRegions(), r => Assert.All(r.Region.Peers, p => Assert.InRange(p.StoreId, 4UL, 6UL)));
        Assert.True(fs.Counters.Snapshot().BytesWritten(WriteCategory.Snapshot) > 0, "the moved data is counted as snapshot bytes");

        var reader = cluster.NewRawClient();
        foreach (var part in acked)
            foreach (var (k, v) in part)
            {
                var got = await reader.GetAsync(Encoding.UTF8.GetBytes(k));
                Assert.True(got is not null, $"acknowledged key {k} lost");
                Assert.Equal(v, Encoding.UTF8.GetString(got));
            }
        foreach (var s in cluster.Stores.Values) Assert.Null(s.Failure);
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what}: not reached within {timeout.TotalSeconds} s");
            await Task.Delay(10);
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
