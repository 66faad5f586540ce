using System.Buffers;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

namespace Workbench.Harness.ClusterLayers;

/// <summary>
/// The measuring side of a whole in-process cluster seen as one engine, so the runners that
/// measure an engine (YcsbRunner: flush, then IO by category and disk bytes) measure the cluster:
/// <see cref="Flush"/> flushes every node's engine; <see cref="GetMetrics"/> sums every node's
/// engine IO and disk bytes and adds the Raft logs (<c>raft_log</c>) and region snapshot files
/// (<c>snapshot</c>) counted on the cluster's file system. It holds no data: reads and writes are
/// refused (clients go through the cluster's RPCs).
/// </summary>
internal sealed class ClusterEngineView(IReadOnlyList<IKvEngine> engines, CountingFileSystem clusterFiles, string name) : IKvEngine
{
    public string Name => name;

    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => engines[0].ColumnFamilies;

    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null) => throw Refused();

    public void Write(WriteBatch batch, WriteOptions? options = null) => throw Refused();

    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null) => throw Refused();

    public IEngineSnapshot GetSnapshot() => throw Refused();

    public void Flush()
    {
        foreach (var e in engines) e.Flush();
    }

    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default)
    {
        foreach (var e in engines)
            foreach (var c in e.ColumnFamilies)
                if (c.Name == cf.Name) e.CompactRange(c, range);
    }

    public EngineMetrics GetMetrics()
    {
        var written = new long[WriteCategories.Count];
        var ops = new long[WriteCategories.Count];
        long read = 0, readOps = 0, syncs = 0, disk = 0;
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var e in engines)
        {
            var m = e.GetMetrics();
            for (var c = 0; c < WriteCategories.Count; c++)
            {
                written[c] += m.Io.BytesWritten((WriteCategory)c);
                ops[c] += m.Io.WriteOps((WriteCategory)c);
            }
            read += m.Io.BytesRead;
            readOps += m.Io.ReadOps;
            syncs += m.Io.Syncs;
            disk += m.DiskBytes;
            foreach (var (k, v) in m.Counters) counters[k] = counters.GetValueOrDefault(k) + v;
        }
        // The engines never write these categories; the store's Raft log and snapshot files do.
        var files = clusterFiles.Counters.Snapshot();
        foreach (var c in new[] { WriteCategory.RaftLog, WriteCategory.Snapshot })
        {
            written[(int)c] += files.BytesWritten(c);
            ops[(int)c] += files.WriteOps(c);
        }
        return new EngineMetrics(new IoSnapshot(written, ops, read, readOps, syncs), disk, counters);
    }

    public string? GetProperty(string property) => null;

    public void Dispose()
    {
    }

    private NotSupportedException Refused() => new($"{name} is the measuring view of a cluster; data goes through the cluster's RPCs");
}
