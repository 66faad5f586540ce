using Workbench.Cluster.Topology;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Tests.Cluster;

/// <summary>The cluster YAML's <c>snapshot</c> section (flow control of region snapshots) reaches the stores and is validated by key and line.</summary>
public sealed class SnapshotConfigTests
{
    private const string Nodes = """
        topology: in-process
        nodes:
          - { id: 1, address: 127.0.0.1:20160, engine: { name: memory } }
          - { id: 2, address: 127.0.0.1:20161, engine: { name: memory } }
          - { id: 3, address: 127.0.0.1:20162, engine: { name: memory } }
        """;

    [Fact]
    public void Snapshot_flow_control_is_read_into_every_store()
    {
        var c = new ClusterConfigLoader(new EngineRegistry().RegisterBuiltIns()).Load(Nodes + "\nsnapshot: { chunk_size: 64KiB, max_bytes_per_sec: 8MiB, concurrent_send: 2, concurrent_recv: 3 }\n", "s.yaml");
        var s = c.StoreOptions(2);
        Assert.Equal(64 << 10, s.SnapshotChunkBytes);
        Assert.Equal(8L << 20, s.SnapshotMaxBytesPerSec);
        Assert.Equal(2, s.SnapshotConcurrentSends);
        Assert.Equal(3, s.SnapshotConcurrentReceives);
        Assert.Equal(c.TickMs, s.TickMs);
        var unlimited = new ClusterConfigLoader(new EngineRegistry().RegisterBuiltIns()).Load(Nodes + "\nsnapshot: { max_bytes_per_sec: 0 }\n", "s.yaml");
        Assert.Equal(0, unlimited.StoreOptions(1).SnapshotMaxBytesPerSec);
    }

    [Fact]
    public void Bad_snapshot_settings_name_the_line_and_key()
    {
        var e = Assert.Throws<ClusterConfigException>(() => new ClusterConfigLoader(new EngineRegistry().RegisterBuiltIns())
            .Load(Nodes + "\nsnapshot: { chunk_size: 1B, max_bytes_per_sec: fast, colour: red }\n", "bad.yaml"));
        Assert.Contains("bad.yaml:6: snapshot.chunk_size", e.Message);
        Assert.Contains("snapshot.max_bytes_per_sec: must be a size", e.Message);
        Assert.Contains("snapshot.colour: unknown key", e.Message);
    }
}
