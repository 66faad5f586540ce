using System.Buffers;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Iterators;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// User iterator of the titan engine: positions over the LSM like the plain iterator and loads a
/// separated value only when <see cref="Value"/> is read (lazy), through a read-ahead window so a
/// forward scan reads each blob file sequentially in large IOs. Holds an (implicit) snapshot so GC
/// cannot delete a blob file this iterator may still need. One thread.
/// </summary>
internal sealed class TitanIterator : IKvIterator
{
    private readonly DbIterator _inner;
    private readonly BlobStore _store;
    private readonly IEngineSnapshot? _implicitSnapshot;
    private readonly BlobReadAhead _readAhead = new();
    private readonly ArrayBufferWriter<byte> _value = new();
    private bool _loaded;

    public TitanIterator(DbIterator inner, BlobStore store, IEngineSnapshot? implicitSnapshot)
    {
        _inner = inner;
        _store = store;
        _implicitSnapshot = implicitSnapshot;
    }

    public bool Valid => _inner.Valid;
    public ReadOnlySpan<byte> Key => _inner.Key;

    public ReadOnlySpan<byte> Value
    {
        get
        {
            if (!_inner.IsBlobIndex) return _inner.Value;
            if (!_loaded)
            {
                _value.ResetWrittenCount();
                var index = BlobIndex.Decode(_inner.Value, "lsm entry");
                bool found;
                try { found = _store.TryReadValue(_inner.Key, index, _value, _readAhead); }
                catch (IOException e) { throw StorageIOException.From(e, "titan iterator blob read"); }
                if (!found)
                    throw new CorruptionException(BlobFileFormat.FileName(index.FileNumber), index.Offset, "blob file an iterator's snapshot still needs was deleted");
                _loaded = true;
            }
            return _value.WrittenSpan;
        }
    }

    /// <summary>A separated value's blob record size, from its index (no blob read); an inline value's length.</summary>
    public int ApproximateValueSize => _inner.IsBlobIndex ? (int)Math.Min(int.MaxValue, BlobIndex.Decode(_inner.Value, "lsm entry").Size) : _inner.Value.Length;

    public void Seek(ReadOnlySpan<byte> key)
    {
        _loaded = false;
        _inner.Seek(key);
    }

    public void SeekToFirst()
    {
        _loaded = false;
        _inner.SeekToFirst();
    }

    public void Next()
    {
        _loaded = false;
        _inner.Next();
    }

    // Backward moves read records out of file order: the read-ahead window sees jumps and reads just each record.
    public void SeekToLast()
    {
        _loaded = false;
        _inner.SeekToLast();
    }

    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        _loaded = false;
        _inner.SeekForPrev(key);
    }

    public void Prev()
    {
        _loaded = false;
        _inner.Prev();
    }

    public void Dispose()
    {
        _inner.Dispose();
        _readAhead.Dispose(); // its pooled buffers go back now
        _implicitSnapshot?.Dispose();
    }
}
