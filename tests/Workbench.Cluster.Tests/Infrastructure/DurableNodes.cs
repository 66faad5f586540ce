using Workbench.Raft.Log;
using Workbench.Storage.FileSystem;

namespace Workbench.Cluster.Tests.Infrastructure;

/// <summary>Gives every simulated node its own crashable file system with a <see cref="DurableRaftStorage"/> on it.</summary>
public sealed class DurableNodes
{
    private readonly Dictionary<ulong, FaultInjectingFileSystem> _fs = [];

    public long SegmentBytes { get; init; } = 16 * 1024;

    public FaultInjectingFileSystem FileSystem(ulong id) => _fs[id];

    public void Configure(SimClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.StorageFactory = (id, voters) =>
        {
            var fs = new FaultInjectingFileSystem(new MemoryFileSystem());
            _fs[id] = fs;
            return DurableRaftStorage.Open(fs, "/raft", voters, SegmentBytes);
        };
        // A crash of the node is a machine crash: unsynced bytes vanish, then the log is recovered from its files.
        options.ReopenStorage = (id, old) =>
        {
            _fs[id].SimulateCrash();
            return DurableRaftStorage.Open(_fs[id], "/raft", [], SegmentBytes);
        };
    }
}
