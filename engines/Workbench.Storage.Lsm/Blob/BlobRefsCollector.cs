using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Table;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Table properties collector: sums, per blob file, the record bytes the SST's BlobIndex entries
/// reference, stored as <see cref="BlobGarbageTracker.PropertyName"/>. One per table build.
/// </summary>
internal sealed class BlobRefsCollector : ITablePropertiesCollector
{
    private readonly Dictionary<long, long> _refs = [];
    private readonly string _table;

    public BlobRefsCollector(string table) => _table = table;

    public void Add(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value)
    {
        if (InternalKey.Kind(internalKey) != ValueKind.BlobIndex) return;
        var index = BlobIndex.Decode(value, _table);
        _refs[index.FileNumber] = _refs.GetValueOrDefault(index.FileNumber) + index.Size;
    }

    public void Finish(IDictionary<string, string> properties)
    {
        if (_refs.Count > 0) properties[BlobGarbageTracker.PropertyName] = BlobGarbageTracker.EncodeProperty(_refs);
    }
}
