using System.Text;
using Workbench.Cluster.Topology;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Tests.Cluster;

public sealed class InProcessClusterTests
{
    private static EngineRegistry Registry() => new EngineRegistry().RegisterBuiltIns().Register(new LsmEngineFactory()).Register(new TitanEngineFactory());

    private const string Yaml = """
        topology: in-process
        nodes:
          - { id: 1, address: 127.0.0.1:20160, engine: { name: lsm }, labels: { zone: a } }
          - { id: 2, address: 127.0.0.1:20161, engine: { name: titan, options: { min_blob_size: 512 } }, labels: { zone: b } }
          - { id: 3, address: 127.0.0.1:20162, engine: { name: memory, options: { durable: "true" } }, labels: { zone: c } }
        replicas: 3
        raft: { log: separate, tick_ms: 10, election_tick: 10, heartbeat_tick: 2 }
        region: { split_size: 64KiB, split_keys: 100000 }
        """;

    [Fact]
    public async Task Three_stores_with_different_engines_replicate_through_threads_and_counted_files()
    {
        var config = new ClusterConfigLoader(Registry()).Load(Yaml, "test.yaml");
        var fs = new CountingFileSystem(new MemoryFileSystem());
        using var cluster = new InProcessCluster(config, Registry(), fs, "/cluster", seed: 42);
        await cluster.WaitReadyAsync(TimeSpan.FromSeconds(20));
        var client = cluster.NewRawClient();
        var tasks = new List<Task>();
        for (var i = 0; i < 200; i++) tasks.Add(client.PutAsync(Encoding.UTF8.GetBytes($"k{i:D4}"), new byte[1024]));
        await Task.WhenAll(tasks);
        for (var i = 0; i < 200; i += 17) Assert.NotNull(await client.GetAsync(Encoding.UTF8.GetBytes($"k{i:D4}")));
        var scan = await client.ScanAsync(Encoding.UTF8.GetBytes("k"), null, 1000, keyOnly: true);
        Assert.Equal(200, scan.Count);
        // Every replica applies every write; the Raft logs are counted as raft_log.
        foreach (var (_, loop) in cluster.Stores)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            int count;
            while ((count = await loop.Query(s => s.Regions().Sum(r => s.DumpRegion(r.Id).Count))) < 200 && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Equal(200, count);
            Assert.Null(loop.Failure);
        }
        Assert.True(fs.Counters.Snapshot().BytesWritten(WriteCategory.RaftLog) > 3 * 200 * 1024, $"raft_log bytes {fs.Counters.Snapshot().BytesWritten(WriteCategory.RaftLog)}");
    }

    [Fact]
    public void Config_errors_name_the_line_and_key()
    {
        const string bad = """
            topology: in-process
            nodes:
              - { id: 1, address: 127.0.0.1:20160, engine: { name: lsm } }
              - { id: 1, address: 127.0.0.1:20161, engine: { name: nosuch } }
              - { id: 3, address: nowhere, engine: { name: titan, options: { min_blob_sise: 1 } }, colour: red }
            replicas: 3
            raft: { log: sideways }
            """;
        var e = Assert.Throws<ClusterConfigException>(() => new ClusterConfigLoader(Registry()).Load(bad, "bad.yaml"));
        Assert.Contains("bad.yaml:4: nodes[1].id: 1 is used by another node", e.Message);
        Assert.Contains("bad.yaml:4: nodes[1].engine: unknown engine 'nosuch'", e.Message);
        Assert.Contains("bad.yaml:5: nodes[2].address: must be HOST:PORT", e.Message);
        Assert.Contains("min_blob_sise", e.Message);
        Assert.Contains("nodes[2].colour: unknown key", e.Message);
        Assert.Contains("bad.yaml:7: raft.log: must be separate or engine", e.Message);
    }

    [Fact]
    public void The_shipped_cluster_files_load()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Workbench.sln"))) root = Path.GetDirectoryName(root)!;
        foreach (var f in Directory.GetFiles(Path.Combine(root, "harness", "clusters"), "*.yaml"))
        {
            var registry = Registry().Register(new Workbench.Storage.RocksDb.RocksDbEngineFactory());
            var c = new ClusterConfigLoader(registry).LoadFile(f);
            Assert.Equal(3, c.Nodes.Count(n => !n.Standby)); // local3.yaml adds a standby node for add-node
        }
    }
}
