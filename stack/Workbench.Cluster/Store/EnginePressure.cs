using System.Globalization;
using Workbench.Storage.Contract;
using Workbench.Storage.Metrics;

namespace Workbench.Cluster.Store;

/// <summary>
/// What an engine reports of its write debt through the contract's properties (TiKV's flow
/// controller reads the same three from RocksDB): estimated pending compaction bytes, the most L0
/// files and the most immutable memtables of any column family. A figure the engine does not
/// report is 0 (the memory engine reports none; the native LSM has no memtable count).
/// </summary>
public readonly record struct EnginePressure(long PendingCompactionBytes, int L0Files, int ImmutableMemtables)
{
    /// <summary>Reads the properties of <paramref name="engine"/>: the engine-neutral names first, RocksDB's per-CF names (<c>cf:rocksdb.…</c>) where the engine answers them.</summary>
    public static EnginePressure Sample(IKvEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var pending = Number(engine.GetProperty(PropertyNames.PendingCompactionBytes));
        var l0 = Number(engine.GetProperty(PropertyNames.NumFilesAtLevel + "0"));
        long imm = 0;
        foreach (var cf in engine.ColumnFamilies)
        {
            l0 = Math.Max(l0, Number(engine.GetProperty(cf.Name + ":rocksdb.num-files-at-level0")));
            imm = Math.Max(imm, Number(engine.GetProperty(cf.Name + ":rocksdb.num-immutable-mem-table")));
        }
        return new EnginePressure(pending, (int)Math.Min(l0, int.MaxValue), (int)Math.Min(imm, int.MaxValue));
    }

    private static long Number(string? s) =>
        s is not null && long.TryParse(s.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
