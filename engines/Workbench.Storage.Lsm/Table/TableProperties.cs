using System.Globalization;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// Properties stored in a table's properties block as sorted string pairs (RocksDB's idea). Well-known
/// names are parsed into fields; everything (including entries added by an
/// <see cref="ITablePropertiesCollector"/>, e.g. Titan's blob references) stays in <see cref="All"/>.
/// </summary>
internal sealed class TableProperties
{
    public const string NumEntries = "lsm.num.entries";
    public const string NumDeletions = "lsm.num.deletions";
    public const string RawKeySize = "lsm.raw.key.size";
    public const string RawValueSize = "lsm.raw.value.size";
    public const string DataSize = "lsm.data.size";
    public const string IndexSize = "lsm.index.size";
    public const string FilterSize = "lsm.filter.size";
    public const string NumDataBlocks = "lsm.num.data.blocks";
    public const string ColumnFamily = "lsm.column.family";
    public const string Creator = "lsm.creator";

    /// <summary>Codec the builder used for data and index blocks (RocksDB's rocksdb.compression); absent in older tables = none.</summary>
    public const string CompressionName = "lsm.compression";
    public const string NumCompressedBlocks = "lsm.num.compressed.blocks";

    /// <summary>Data block bytes before compression (lsm.data.size is what they take in the file).</summary>
    public const string RawDataSize = "lsm.raw.data.size";

    public TableProperties(IReadOnlyDictionary<string, string> all) => All = all;

    public IReadOnlyDictionary<string, string> All { get; }

    public long GetLong(string name) =>
        All.TryGetValue(name, out var v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 0;
}
