using ZoneTree.Transactional;

namespace Workbench.Storage.ZoneTree;

/// <summary>
/// A ZoneTree transaction iterator restricted to one column family's prefix and the bounds. ZoneTree's
/// Seek places the iterator before the first key &gt;= the target and Next moves onto it. Belongs to one
/// thread; over a snapshot's shared transaction each step takes the snapshot's gate.
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
            Land(_iterator.Next());
        }
    }

    public void Next()
    {
        ThrowIfDisposed();
        if (!_valid) throw new InvalidOperationException("Next on an iterator that is not positioned on an entry");
        lock (_gate)
        {
            CheckSnapshot();
            Land(_iterator!.Next());
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
