using System.Buffers;
using Workbench.Storage.Batch;
using Workbench.Storage.Errors;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Contract;

/// <summary>
/// The one interface every storage engine sits behind (DESIGN.md §3).
/// Keys and values are byte strings compared bytewise (memcmp order).
/// Thread-safety: all members are safe for concurrent use by many threads, except that an
/// iterator or a write batch belongs to one thread at a time. A snapshot stays valid until disposed.
/// Failures: corruption surfaces as <see cref="CorruptionException"/>; an I/O failure as
/// <see cref="StorageIOException"/> (its inner exception the <see cref="IOException"/>), from every
/// engine; an I/O failure on the write path makes the engine refuse further writes
/// (<see cref="EngineWriteStoppedException"/>, over the <see cref="StorageIOException"/>) until reopened.
/// </summary>
public interface IKvEngine : IDisposable
{
    /// <summary>Registry name of the engine (e.g. "lsm", "rocksdb").</summary>
    string Name { get; }

    /// <summary>The column families declared at open, in declaration order; index = <see cref="ColumnFamilyHandle.Id"/>.</summary>
    IReadOnlyList<ColumnFamilyHandle> ColumnFamilies { get; }

    /// <summary>Appends the value of <paramref name="key"/> to <paramref name="value"/>; false when absent.</summary>
    bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null);

    /// <summary>Applies the batch atomically across column families.</summary>
    void Write(WriteBatch batch, WriteOptions? options = null);

    /// <summary>An iterator over one column family. Without a snapshot it sees an implicit snapshot taken at creation.</summary>
    IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null);

    /// <summary>A consistent point-in-time view; dispose to release what it pins.</summary>
    IEngineSnapshot GetSnapshot();

    /// <summary>Persists all buffered writes of every column family to the engine's files (memtables to tables, dirty pages to disk) and waits.</summary>
    void Flush();

    /// <summary>Compacts the key range of a column family (default: all of it) and waits.</summary>
    void CompactRange(ColumnFamilyHandle cf, KeyRange range = default);

    /// <summary>A point-in-time copy of the engine's counters.</summary>
    EngineMetrics GetMetrics();

    /// <summary>A named string property (e.g. "stats"); null when the engine does not know the name.</summary>
    string? GetProperty(string name);
}
