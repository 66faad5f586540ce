using Workbench.Storage.Contract;
using ZoneTree.Transactional;

namespace Workbench.Storage.ZoneTree;

/// <summary>
/// A ZoneTree transaction iterator restricted to one column family's prefix and the bounds. ZoneTree's
/// Seek places the iterator before the first key &gt;= the target and Next moves onto it. Backward
/// moves use a second, reverse ZoneTree iterator of the same transaction (same view): each one seeks
/// it at the current key and steps past keys not strictly before it; the first forward move after
/// them re-seeks the forward iterator the same way. Belongs to one thread; over a snapshot's shared
/// transaction each step takes the snapshot's gate.
/// </summary>
internal sealed class ZoneTreeIterator : IKvIterator
{
    private readonly ZoneTreeEngine _owner;
    private readonly ColumnFamilyHandle _cf;
    private readonly IReadTransaction<byte[], byte[]> _txn;
    private readonly ZoneTreeSnapshot? _snapshot;
    private readonly bool _ownsTransaction;
    private readonly byte[]? _lower;
    private readonly byte[]? _upper;
    private readonly byte _prefix;
    private readonly Lock _gate;
    private ITransactionIterator<byte[], byte[]>? _iterator;
    private ITransactionIterator<byte[], byte[]>? _reverseIterator;
    private bool _backward; // the last move was backward: the forward iterator is not at the current key
    private byte[] _key = [];
    private byte[] _value = [];
    private bool _valid;
    private bool _disposed;

    internal ZoneTreeIterator(ZoneTreeEngine owner, ColumnFamilyHandle cf, IReadTransaction<byte[], byte[]> txn, ZoneTreeSnapshot? snapshot, bool ownsTransaction, byte[]? lower, byte[]? upper)
    {
        _owner = owner;
        _cf = cf;
        _txn = txn;
        _snapshot = snapshot;
        _ownsTransaction = ownsTransaction;
        _lower = lower;
        _upper = upper;
        _prefix = owner.PrefixOf(cf);
        _gate = snapshot?.Gate ?? new Lock();
    }

    public bool Valid => _valid;

    public ReadOnlySpan<byte> Key
    {
        get
        {
            CheckValid();
            return _key.AsSpan(1);
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            CheckValid();
            return _value;
        }
    }

    public void SeekToFirst() => Seek(_lower ?? []);

    public void Seek(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        if (_lower is not null && key.SequenceCompareTo(_lower) < 0) key = _lower;
        var stored = _owner.StoredKey(_cf, key);
        lock (_gate)
        {
            CheckSnapshot();
            _iterator ??= _txn.CreateIterator(new TransactionIteratorOptions());
            _iterator.Seek(stored);
            _backward = false;
            Land(_iterator.Next());
        }
    }

    public void SeekToLast()
    {
        ThrowIfDisposed();
        if (_upper is not null) SeekBefore(_owner.StoredKey(_cf, _upper), inclusive: false);
        else if (_prefix < byte.MaxValue) SeekBefore([(byte)(_prefix + 1)], inclusive: false);
        else SeekBefore(null, inclusive: false);
    }

    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        ThrowIfDisposed();
        if (_upper is not null && key.SequenceCompareTo(_upper) >= 0) SeekToLast();
        else SeekBefore(_owner.StoredKey(_cf, key), inclusive: true);
    }

    public void Prev()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("Prev on an iterator that is not positioned on an entry");
        SeekBefore(_key, inclusive: false);
    }

    /// <summary>Lands on the last stored key &lt;= (or &lt;) <paramref name="stored"/>; null = the last key of the tree.</summary>
    private void SeekBefore(byte[]? stored, bool inclusive)
    {
        lock (_gate)
        {
            CheckSnapshot();
            _reverseIterator ??= _txn.CreateReverseIterator(new TransactionIteratorOptions());
            if (stored is null) _reverseIterator.SeekFirst();
            else _reverseIterator.Seek(stored);
            var has = _reverseIterator.Next();
            while (has && stored is not null)
            {
                var c = _reverseIterator.CurrentKey.AsSpan().SequenceCompareTo(stored);
                if (c < 0 || (c == 0 && inclusive)) break;
                has = _reverseIterator.Next();
            }
            _backward = true;
            LandBackward(has);
        }
    }

    private void LandBackward(bool has)
    {
        _valid = false;
        if (!has) return;
        var k = _reverseIterator!.CurrentKey;
        if (k.Length == 0 || k[0] != _prefix) return; // before this column family
        if (_lower is not null && k.AsSpan(1).SequenceCompareTo(_lower) < 0) return;
        _key = k;
        _value = _reverseIterator.CurrentValue;
        _valid = true;
    }

    public void Next()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("Next on an iterator that is not positioned on an entry");
        lock (_gate)
        {
            CheckSnapshot();
            if (!_backward)
            {
                Land(_iterator!.Next());
                return;
            }
            _iterator ??= _txn.CreateIterator(new TransactionIteratorOptions());
            var current = _key;
            _iterator.Seek(current);
            var has = _iterator.Next();
            while (has && _iterator.CurrentKey.AsSpan().SequenceCompareTo(current) <= 0) has = _iterator.Next();
            _backward = false;
            Land(has);
        }
    }

    private void Land(bool has)
    {
        _valid = false;
        if (!has) return;
        var k = _iterator!.CurrentKey;
        if (k.Length == 0 || k[0] != _prefix) return; // past this column family
        if (_upper is not null && k.AsSpan(1).SequenceCompareTo(_upper) >= 0) return;
        _key = k;
        _value = _iterator.CurrentValue;
        _valid = true;
    }

    private void CheckSnapshot()
    {
        if (_snapshot is not null) ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _valid = false;
        _owner.Untrack(this);
        lock (_gate)
        {
            (_iterator as IDisposable)?.Dispose();
            (_reverseIterator as IDisposable)?.Dispose();
            if (_ownsTransaction) (_txn as IDisposable)?.Dispose();
        }
    }

    private void CheckValid()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("the iterator is not positioned on an entry");
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
