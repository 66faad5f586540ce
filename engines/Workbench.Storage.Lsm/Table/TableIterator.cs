namespace Workbench.Storage.Lsm;

/// <summary>Two-level iterator over a table: the index block picks data blocks, a block iterator walks each. One thread.</summary>
internal sealed class TableIterator : IInternalIterator
{
    private readonly TableReader _table;
    private readonly BlockIterator _index;
    private readonly bool _fillCache;
    private readonly ReadaheadBuffer? _readahead;
    private BlockIterator? _data;

    public TableIterator(TableReader table, BlockIterator index, bool fillCache, ReadaheadBuffer? readahead = null)
    {
        _table = table;
        _index = index;
        _fillCache = fillCache;
        _readahead = readahead;
    }

    public bool Valid => _data is { Valid: true };
    public ReadOnlySpan<byte> Key => _data!.Key;
    public ReadOnlySpan<byte> Value => _data!.Value;

    public void SeekToFirst()
    {
        _index.SeekToFirst();
        LoadBlock();
        _data?.SeekToFirst();
        SkipEmptyBlocks();
    }

    public void Seek(ReadOnlySpan<byte> internalKey)
    {
        _index.Seek(internalKey);
        LoadBlock();
        _data?.Seek(internalKey);
        SkipEmptyBlocks();
    }

    public void Next()
    {
        _data!.Next();
        SkipEmptyBlocks();
    }

    private void LoadBlock()
    {
        _data = _index.Valid ? new BlockIterator(_table.ReadDataBlock(_index.Value, _fillCache, _readahead)) : null;
    }

    private void SkipEmptyBlocks()
    {
        while (_data is not null && !_data.Valid)
        {
            _index.Next();
            LoadBlock();
            _data?.SeekToFirst();
        }
    }

    public void Dispose() => _readahead?.Release();
}
