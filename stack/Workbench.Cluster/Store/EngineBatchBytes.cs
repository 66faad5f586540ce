using Workbench.Storage.Batch;
using Workbench.Storage.Contract;

namespace Workbench.Cluster.Store;

/// <summary>
/// The bytes (key + value of every put and delete) a store handed its engine in write batches,
/// by column family: the engine layer's input in the per-layer attribution (DESIGN.md §5.5),
/// counted on every replica (each applies the same entries). Thread-safe: interlocked adds;
/// <see cref="Read"/> copies.
/// </summary>
public sealed class EngineBatchBytes
{
    private readonly string[] _names;
    private readonly long[] _bytes;

    /// <summary>Counters for <paramref name="columnFamilies"/> (the engine's handles, indexed by id).</summary>
    public EngineBatchBytes(IReadOnlyList<ColumnFamilyHandle> columnFamilies)
    {
        ArgumentNullException.ThrowIfNull(columnFamilies);
        var max = 0;
        foreach (var cf in columnFamilies) max = Math.Max(max, cf.Id + 1);
        _names = new string[max];
        foreach (var cf in columnFamilies) _names[cf.Id] = cf.Name;
        _bytes = new long[max];
    }

    /// <summary>Counts a batch about to be written (one pass over its encoded operations; no allocation).</summary>
    public void Add(WriteBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (var op in batch)
            if ((uint)op.ColumnFamilyId < (uint)_bytes.Length)
                Interlocked.Add(ref _bytes[op.ColumnFamilyId], op.Key.Length + op.Value.Length);
    }

    /// <summary>Bytes so far by CF name (monotonic).</summary>
    public Dictionary<string, long> Read()
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _bytes.Length; i++)
            if (_names[i] is { } name) d[name] = Interlocked.Read(ref _bytes[i]);
        return d;
    }
}
