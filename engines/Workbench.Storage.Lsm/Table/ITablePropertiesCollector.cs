namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// Sees every entry a table builder writes (at flush and compaction) and adds properties to the
/// table. The extension point value separation (Titan) uses to record, per SST, the live bytes it
/// references in each blob file. One instance per table being built; not shared between threads.
/// </summary>
public interface ITablePropertiesCollector
{
    /// <summary>Called for every entry in key order; <paramref name="internalKey"/> = user key + 8-byte trailer.</summary>
    void Add(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value);

    /// <summary>Adds the collected properties (names should carry a prefix of the collector's own).</summary>
    void Finish(IDictionary<string, string> properties);
}
