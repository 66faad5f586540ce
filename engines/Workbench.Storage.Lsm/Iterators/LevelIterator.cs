using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Iterators;

/// <summary>Concatenates the tables of one sorted level (L1+), opening each table iterator lazily. One thread.</summary>
internal sealed class LevelIterator : IInternalIterator
{
    private readonly FileMetadata[] _files;
    private readonly Func<FileMetadata, TableReader> _open;
    private readonly bool _fillCache;
    private int _index;
    private TableIterator? _it;

    public LevelIterator(FileMetadata[] files, Func<FileMetadata, TableReader> open, bool fillCache)
    {
        _files = files;
        _open = open;
        _fillCache = fillCache;
        _index = files.Length;
    }

    public bool Valid => _it is { Valid: true };
    public ReadOnlySpan<byte> Key => _it!.Key;
    public ReadOnlySpan<byte> Value => _it!.Value;

    public void SeekToFirst()
    {
        Open(0);
        _it?.SeekToFirst();
        SkipEmpty();
    }

    public void Seek(ReadOnlySpan<byte> internalKey)
    {
        Open(LsmVersion.FindFile(_files, internalKey));
        _it?.Seek(internalKey);
        SkipEmpty();
    }

    public void SeekToLast()
    {
        Open(_files.Length - 1);
        _it?.SeekToLast();
        SkipEmptyBackward();
    }

    public void Next()
    {
        _it!.Next();
        SkipEmpty();
    }

    public void Prev()
    {
        _it!.Prev();
        SkipEmptyBackward();
    }

    private void Open(int index)
    {
        _it?.Dispose();
        _index = index;
        _it = index >= 0 && index < _files.Length ? _open(_files[index]).NewIterator(_fillCache) : null;
    }

    private void SkipEmptyBackward()
    {
        while (_it is not null && !_it.Valid)
        {
            Open(_index - 1);
            _it?.SeekToLast();
        }
    }

    private void SkipEmpty()
    {
        while (_it is not null && !_it.Valid)
        {
            Open(_index + 1);
            _it?.SeekToFirst();
        }
    }

    public void Dispose()
    {
        _it?.Dispose();
        _it = null;
    }
}
