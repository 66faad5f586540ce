using System.Net;
using System.Net.Sockets;
using Workbench.Cluster.Net;
using Workbench.Cluster.Pd;
using Workbench.Cluster.Topology;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm;
using Workbench.Storage.Registry;
using Workbench.Testing.Processes;

namespace Workbench.Cluster.Tests.Net;

/// <summary>The nodes' FlushEngines RPC (Net/FORMAT.md): a real node host and PD over loopback, one replica.</summary>
public sealed class EngineFlushTests
{
    private static int FreePort() => FreePorts.Next();

    private static int Tables(IFileSystem fs, string dir) =>
        fs.DirectoryExists(dir) ? fs.ListFiles(dir).Count(f => f.EndsWith(".sst", StringComparison.Ordinal)) : 0;

    [Fact]
    public async Task FlushEngines_writes_the_memtable_as_a_table_and_an_unknown_store_is_named()
    {
        var pd = PlacementDriver.Open(new PdOptions(), () => 1_000_000, new MemoryFileSystem(), "/pd");
        await using var pdServer = new PdServer(pd, [1], new IPEndPoint(IPAddress.Loopback, 0));
        var pdAddress = $"127.0.0.1:{pdServer.LocalEndpoint.Port}";
        var node = new NodeConfig(1, $"127.0.0.1:{FreePort()}", new EngineConfig("lsm"), new Dictionary<string, string>(), 0);
        var config = new ClusterConfig { Topology = "tcp", PdAddress = pdAddress, Nodes = [node], Replicas = 1, TickMs = 20 };
        var fs = new MemoryFileSystem();
        var registry = new EngineRegistry().RegisterBuiltIns().Register(new LsmEngineFactory());
        await using var host = await NodeHost.StartAsync(config, node, registry, fs, "/node1", 7, TimeSpan.FromSeconds(30));
        await using var cluster = TcpCluster.Connect(pdAddress);
        var raw = cluster.NewRawClient(7);
        for (var i = 0; i < 50; i++) await raw.PutAsync(System.Text.Encoding.UTF8.GetBytes($"key{i:D3}"), new byte[100]);
        Assert.Equal(0, Tables(fs, "/node1/data")); // 50 small writes stay in the memtable

        var answers = await EngineFlush.FlushAsync(cluster.PdRpc, [1, 9], TimeSpan.FromSeconds(60));

        Assert.Null(answers.Single(a => a.StoreId == 1).Error);
        Assert.True(Tables(fs, "/node1/data") >= 1, "the flush wrote no table");
        var missing = answers.Single(a => a.StoreId == 9);
        Assert.NotNull(missing.Error);
        Assert.Contains("store 9", missing.Error, StringComparison.Ordinal);
    }
}
