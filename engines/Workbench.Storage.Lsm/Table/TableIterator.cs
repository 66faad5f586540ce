using Workbench.Storage.Lsm.Iterators;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// Two-level iterator over a table: the index block picks data blocks, one block iterator (reset
/// for each data block, so moving between blocks allocates no iterator) walks them. One thread.
/// </summary>
internal sealed class TableIterator : IInternalIterator
{
    private readonly TableReader _table;
    private readonly BlockIterator _index;
    private readonly bool _fillCache;
    private readonly ReadaheadBuffer? _readahead;
    private BlockIterator? _data; // created at the first data block, then reset for each next one
    private Block? _block; // the block _data is on; this iterator holds one reference on it
    private bool _onBlock; // _data is positioned in a loaded block (false: before start or past the end)

    public TableIterator(TableReader table, BlockIterator index, bool fillCache, ReadaheadBuffer? readahead = null)
    {
        _table = table;
        _index = index;
        _fillCache = fillCache;
        _readahead = readahead;
    }

    public bool Valid => _onBlock && _data!.Valid;
    public ReadOnlySpan<byte> Key => _data!.Key;
    public ReadOnlySpan<byte> Value => _data!.Value;

    public void SeekToFirst()
    {
        _index.SeekToFirst();
        if (LoadBlock()) _data!.SeekToFirst();
        SkipEmptyBlocks();
    }

    public void Seek(ReadOnlySpan<byte> internalKey)
    {
        _index.Seek(internalKey);
        if (LoadBlock()) _data!.Seek(internalKey);
        SkipEmptyBlocks();
    }

    public void SeekToLast()
    {
        _index.SeekToLast();
        if (LoadBlock()) _data!.SeekToLast();
        SkipEmptyBlocksBackward();
    }

    public void Next()
    {
        _data!.Next();
        SkipEmptyBlocks();
    }

    public void Prev()
    {
        _data!.Prev();
        SkipEmptyBlocksBackward();
    }

    /// <summary>Points the data iterator at the block the index is on; false (and not on a block) past the last one.</summary>
    private bool LoadBlock()
    {
        if (!_index.Valid)
        {
            _onBlock = false;
            return false;
        }
        var block = _table.ReadDataBlock(_index.Value, _fillCache, _readahead);
        if (_data is null) _data = new BlockIterator(block);
        else _data.Reset(block);
        _block?.Release();
        _block = block;
        _onBlock = true;
        return true;
    }

    private void SkipEmptyBlocks()
    {
        while (_onBlock && !_data!.Valid)
        {
            _index.Next();
            if (LoadBlock()) _data!.SeekToFirst();
        }
    }

    private void SkipEmptyBlocksBackward()
    {
        while (_onBlock && !_data!.Valid)
        {
            _index.Prev();
            if (LoadBlock()) _data!.SeekToLast();
        }
    }

    public void Dispose()
    {
        _readahead?.Release();
        _data?.Reset(Block.Empty);
        _block?.Release();
        _block = null;
        _onBlock = false;
    }
}
