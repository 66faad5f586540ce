using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Options;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// Mutable per-column-family state. <see cref="Mem"/> is replaced only by the write-group leader
/// while holding the engine mutex; the other fields are guarded by the engine mutex;
/// <see cref="Super"/> is swapped under the super-version lock.
/// </summary>
internal sealed class ColumnFamilyState
{
    public ColumnFamilyState(int id, string name, ColumnFamilyOptions options, Memtable mem)
    {
        Id = id;
        Name = name;
        Options = options;
        Mem = mem;
        CompactPointers = new byte[options.NumLevels][];
    }

    public int Id { get; }
    public string Name { get; }
    public ColumnFamilyOptions Options { get; }
    public Memtable Mem { get; set; }

    /// <summary>Immutable memtables waiting for flush, oldest first.</summary>
    public List<Memtable> Immutables { get; } = [];

    public bool FlushRunning { get; set; }

    /// <summary>Automatic compactions of this column family in progress (their key ranges keep concurrent picks apart).</summary>
    public List<CompactionInputs> RunningCompactions { get; } = [];

    /// <summary>A manual compaction holds the column family: no automatic compaction starts meanwhile.</summary>
    public bool ManualCompaction { get; set; }

    public bool CompactionRunning => RunningCompactions.Count > 0 || ManualCompaction;

    /// <summary>Per level: the largest key of the last compaction out of it (round-robin file picking), in memory only.</summary>
    public byte[]?[] CompactPointers { get; }

    public SuperVersion Super { get; set; } = null!;

    /// <summary>
    /// <see cref="CompactionPicker.EstimatePendingCompactionBytes"/> of the current version: set under
    /// the engine mutex whenever a read view is installed, read racily by the write fast path.
    /// </summary>
    public long PendingCompactionBytes
    {
        get => Volatile.Read(ref _pendingCompactionBytes);
        set => Volatile.Write(ref _pendingCompactionBytes, value);
    }

    private long _pendingCompactionBytes;
}
