using System.Buffers;
using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.Pages;
using Workbench.Storage.BTree.Tree;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;

namespace Workbench.Storage.BTree.Iterators;

/// <summary>
/// Bidirectional iterator over one tree as of a snapshot (explicit, or implicit and owned). It keeps the
/// branch path (page ids and child indexes; those pages are frozen for the snapshot's lifetime) and
/// pins only the current leaf, so <see cref="Key"/> and inline <see cref="Value"/>s are spans into
/// the pinned page; overflow values are assembled into a private buffer. One thread at a time.
/// </summary>
internal sealed class BTreeIterator : IKvIterator
{
    private const int MaxHeight = 64;
    private readonly PageStore _store;
    private readonly BTreeSnapshot _snapshot;
    private readonly bool _ownsSnapshot;
    private readonly long _root;
    private readonly byte[]? _lower;
    private readonly byte[]? _upper;
    private readonly string _path;
    private readonly long[] _ids = new long[MaxHeight];
    private readonly int[] _indexes = new int[MaxHeight];
    private readonly ArrayBufferWriter<byte> _overflow = new();
    private int _depth;
    private Frame? _leaf;
    private int _slot;
    private bool _valid;
    private bool _valueLoaded;
    private bool _disposed;

    public BTreeIterator(PageStore store, BTreeSnapshot snapshot, bool ownsSnapshot, long root, byte[]? lower, byte[]? upper, string path)
    {
        _store = store;
        _snapshot = snapshot;
        _ownsSnapshot = ownsSnapshot;
        _root = root;
        _lower = lower;
        _upper = upper;
        _path = path;
    }

    public bool Valid => _valid;

    public ReadOnlySpan<byte> Key
    {
        get
        {
            CheckValid();
            return LeafCell.KeyAt(_leaf!.Data, SlottedPage.SlotOffset(_leaf.Data, _slot));
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            CheckValid();
            var e = LeafCell.Read(_leaf!.Data, SlottedPage.SlotOffset(_leaf.Data, _slot));
            if (!e.IsOverflow) return e.InlineValue;
            if (!_valueLoaded)
            {
                ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
                _overflow.ResetWrittenCount();
                try
                {
                    OverflowChain.Read(_store, e.OverflowPage, e.ValueLength, _overflow, _path);
                }
                catch (IOException io)
                {
                    Fail();
                    throw StorageIOException.From(io, "btree iterator");
                }
                catch
                {
                    Fail();
                    throw;
                }
                _valueLoaded = true;
            }
            return _overflow.WrittenSpan;
        }
    }

    public void SeekToFirst()
    {
        if (_lower is not null) Seek(_lower);
        else Seek(ReadOnlySpan<byte>.Empty);
    }

    public void Seek(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
        if (_lower is not null && key.SequenceCompareTo(_lower) < 0) key = _lower;
        ReleaseLeaf();
        _valid = false;
        if (_root == 0) return;
        try
        {
            _leaf = TreeReader.DescendTo(_store, _root, key, _ids, _indexes, out _depth, _path);
            _slot = NodeSearch.LeafLowerBound(_leaf.Data, key, out _);
            Settle();
        }
        catch (IOException e)
        {
            Fail();
            throw StorageIOException.From(e, "btree iterator");
        }
        catch
        {
            Fail();
            throw;
        }
    }

    public void SeekToLast()
    {
        if (_upper is not null) SeekBefore(_upper, inclusive: false);
        else SeekBefore(ReadOnlySpan<byte>.Empty, inclusive: true, rightmost: true);
    }

    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        if (_upper is not null && key.SequenceCompareTo(_upper) >= 0) SeekBefore(_upper, inclusive: false);
        else SeekBefore(key, inclusive: true);
    }

    public void Prev()
    {
        CheckValid();
        _slot--;
        try
        {
            SettleBackward();
        }
        catch (IOException e)
        {
            Fail();
            throw StorageIOException.From(e, "btree iterator");
        }
        catch
        {
            Fail();
            throw;
        }
    }

    /// <summary>Positions at the last key &lt;= (or &lt;) <paramref name="key"/>; with <paramref name="rightmost"/>, at the last key of the tree.</summary>
    private void SeekBefore(ReadOnlySpan<byte> key, bool inclusive, bool rightmost = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
        ReleaseLeaf();
        _valid = false;
        if (_root == 0) return;
        try
        {
            if (rightmost)
            {
                _depth = 0;
                _leaf = TreeReader.DescendRightmost(_store, _root, _ids, _indexes, ref _depth, _path);
                _slot = SlottedPage.Count(_leaf.Data) - 1;
            }
            else
            {
                _leaf = TreeReader.DescendTo(_store, _root, key, _ids, _indexes, out _depth, _path);
                _slot = NodeSearch.LeafLowerBound(_leaf.Data, key, out var found);
                if (!(found && inclusive)) _slot--;
            }
            SettleBackward();
        }
        catch (IOException e)
        {
            Fail();
            throw StorageIOException.From(e, "btree iterator");
        }
        catch
        {
            Fail();
            throw;
        }
    }

    /// <summary>Moves back past exhausted leaves, then applies the lower bound.</summary>
    private void SettleBackward()
    {
        _valueLoaded = false;
        while (_slot < 0)
        {
            if (!PrevLeaf())
            {
                _valid = false;
                ReleaseLeaf();
                return;
            }
        }
        _valid = _lower is null || LeafCell.KeyAt(_leaf!.Data, SlottedPage.SlotOffset(_leaf.Data, _slot)).SequenceCompareTo(_lower) >= 0;
        if (!_valid) ReleaseLeaf();
    }

    private bool PrevLeaf()
    {
        ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
        ReleaseLeaf();
        while (_depth > 0)
        {
            var level = _depth - 1;
            if (_indexes[level] == 0)
            {
                _depth--;
                continue;
            }
            var f = _store.Fetch(_ids[level]);
            long child;
            try
            {
                _indexes[level]--;
                child = NodeSearch.ChildAt(f.Data, _indexes[level]);
            }
            finally
            {
                _store.Unpin(f);
            }
            _leaf = TreeReader.DescendRightmost(_store, child, _ids, _indexes, ref _depth, _path);
            _slot = SlottedPage.Count(_leaf.Data) - 1;
            return true;
        }
        return false;
    }

    public void Next()
    {
        CheckValid();
        _slot++;
        try
        {
            Settle();
        }
        catch (IOException e)
        {
            Fail();
            throw StorageIOException.From(e, "btree iterator");
        }
        catch
        {
            Fail();
            throw;
        }
    }

    /// <summary>Moves past exhausted leaves, then applies the upper bound.</summary>
    private void Settle()
    {
        _valueLoaded = false;
        while (_slot >= SlottedPage.Count(_leaf!.Data))
        {
            if (!NextLeaf())
            {
                _valid = false;
                ReleaseLeaf();
                return;
            }
        }
        var key = LeafCell.KeyAt(_leaf.Data, SlottedPage.SlotOffset(_leaf.Data, _slot));
        _valid = (_upper is null || key.SequenceCompareTo(_upper) < 0) && (_lower is null || key.SequenceCompareTo(_lower) >= 0);
        if (!_valid) ReleaseLeaf();
    }

    private bool NextLeaf()
    {
        // Pages beyond the pinned leaf are only safe to read while the snapshot keeps them from reuse.
        ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
        ReleaseLeaf();
        while (_depth > 0)
        {
            var level = _depth - 1;
            var f = _store.Fetch(_ids[level]);
            long child;
            try
            {
                if (_indexes[level] >= SlottedPage.Count(f.Data))
                {
                    _depth--;
                    continue;
                }
                _indexes[level]++;
                child = NodeSearch.ChildAt(f.Data, _indexes[level]);
            }
            finally
            {
                _store.Unpin(f);
            }
            _leaf = TreeReader.DescendLeftmost(_store, child, _ids, _indexes, ref _depth, _path);
            _slot = 0;
            return true;
        }
        return false;
    }

    private void Fail()
    {
        _valid = false;
        ReleaseLeaf();
    }

    private void CheckValid()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_valid) throw new InvalidOperationException("iterator is not positioned on an entry");
    }

    private void ReleaseLeaf()
    {
        if (_leaf is null) return;
        _store.Unpin(_leaf);
        _leaf = null;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _valid = false;
        ReleaseLeaf();
        if (_ownsSnapshot) _snapshot.Dispose();
    }
}
