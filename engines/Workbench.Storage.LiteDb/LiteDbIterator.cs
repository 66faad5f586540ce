using LiteDB;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.LongKeys;

namespace Workbench.Storage.LiteDb;

/// <summary>
/// A range query over one collection's <c>_id</c> index, run on the view's thread. Each call there
/// fetches up to <see cref="BatchSize"/> documents into a local buffer (buckets expanded to their keys),
/// so Next is a thread hop only once per batch. Seek starts a new query from the target's _id; the
/// upper bound ends the fill. Backward moves run the same way over a descending query (the buffer
/// then holds entries in descending order, the lower bound ends the fill); a change of direction
/// starts a new query strictly after (or before) the current key. Belongs to one thread.
/// </summary>
internal sealed class LiteDbIterator : IKvIterator
{
    private const int BatchSize = 64;

    private readonly LiteDbEngine _owner;
    private readonly ILiteCollection<BsonDocument> _col;
    private readonly LiteDbView _view;
    private readonly bool _ownsView;
    private readonly byte[]? _lower;
    private readonly byte[]? _upper;
    private readonly LiteDbSnapshot? _snapshot;
    private readonly List<(byte[] Key, byte[] Value)> _buffer = [];
    private IEnumerator<BsonDocument>? _cursor; // lives on the view's thread
    private int _position;
    private bool _exhausted;
    private bool _descending; // the buffer and the cursor run backward
    private bool _disposed;

    internal LiteDbIterator(LiteDbEngine owner, ILiteCollection<BsonDocument> col, LiteDbView view, bool ownsView, byte[]? lower, byte[]? upper, LiteDbSnapshot? snapshot)
    {
        _owner = owner;
        _col = col;
        _view = view;
        _ownsView = ownsView;
        _lower = lower;
        _upper = upper;
        _snapshot = snapshot;
    }

    public bool Valid => _position < _buffer.Count;

    public ReadOnlySpan<byte> Key
    {
        get
        {
            CheckValid();
            return _buffer[_position].Key;
        }
    }

    public ReadOnlySpan<byte> Value
    {
        get
        {
            CheckValid();
            return _buffer[_position].Value;
        }
    }

    public void SeekToFirst() => Seek(_lower ?? []);

    public void Seek(ReadOnlySpan<byte> key)
    {
        ThrowIfUnusable();
        if (_lower is not null && key.SequenceCompareTo(_lower) < 0) key = _lower;
        Start(key.ToArray(), descending: false, inclusive: true);
    }

    public void SeekToLast()
    {
        ThrowIfUnusable();
        if (_upper is not null) Start(_upper, descending: true, inclusive: false);
        else Start(null, descending: true, inclusive: true);
    }

    public void SeekForPrev(ReadOnlySpan<byte> key)
    {
        ThrowIfUnusable();
        if (_upper is not null && key.SequenceCompareTo(_upper) >= 0) Start(_upper, descending: true, inclusive: false);
        else Start(key.ToArray(), descending: true, inclusive: true);
    }

    public void Next()
    {
        ThrowIfUnusable();
        if (!Valid) throw new InvalidOperationException("Next on an iterator that is not positioned on an entry");
        if (_descending)
        {
            Start(_buffer[_position].Key, descending: false, inclusive: false);
            return;
        }
        Advance();
    }

    public void Prev()
    {
        ThrowIfUnusable();
        if (!Valid) throw new InvalidOperationException("Prev on an iterator that is not positioned on an entry");
        if (!_descending)
        {
            Start(_buffer[_position].Key, descending: true, inclusive: false);
            return;
        }
        Advance();
    }

    private void Advance()
    {
        _position++;
        if (_position < _buffer.Count || _exhausted) return;
        _view.Thread.Run(() =>
        {
            Fill(null, inclusive: true);
            return 0;
        });
    }

    /// <summary>
    /// Starts a query from <paramref name="target"/> (null = the first or last document) in one
    /// direction and fills the first batch. A key's _id is its bucket's prefix, and _ids order like
    /// the keys they hold, so "_id &gt;= (&lt;=) IdOf(target)" covers every key on that side of the target.
    /// </summary>
    private void Start(byte[]? target, bool descending, bool inclusive)
    {
        _view.Thread.Run(() =>
        {
            _cursor?.Dispose();
            _descending = descending;
            if (!descending)
                _cursor = _col.Find(Query.GTE("_id", LiteDbKeyLayout.IdOf(target))).GetEnumerator();
            else if (target is null)
                _cursor = _col.Query().OrderByDescending("_id").ToEnumerable().GetEnumerator();
            else
                _cursor = _col.Query().Where(Query.LTE("_id", LiteDbKeyLayout.IdOf(target))).OrderByDescending("_id").ToEnumerable().GetEnumerator();
            _exhausted = false;
            Fill(target, inclusive);
            return 0;
        });
    }

    /// <summary>
    /// Replaces the buffer with the next documents' entries in the cursor's direction; with a target,
    /// drops entries on the wrong side of it (or equal to it, unless <paramref name="inclusive"/>).
    /// </summary>
    private void Fill(byte[]? target, bool inclusive)
    {
        _buffer.Clear();
        _position = 0;
        var docs = 0;
        while (docs < BatchSize && _buffer.Count < BatchSize && !_exhausted)
        {
            if (!_cursor!.MoveNext())
            {
                _exhausted = true;
                break;
            }
            docs++;
            var doc = _cursor.Current;
            var id = doc["_id"].AsBinary ?? throw new CorruptionException($"litedb: a document of {_col.Name} has a non-binary _id");
            if (doc.ContainsKey(LiteDbKeyLayout.BucketField))
            {
                var bucket = LongKeyBucket.Decode(LiteDbEngine.Field(doc, LiteDbKeyLayout.BucketField));
                for (var n = 0; n < bucket.Count; n++)
                {
                    var (suffix, value) = bucket[_descending ? bucket.Count - 1 - n : n];
                    var key = new byte[id.Length + suffix.Length];
                    id.CopyTo(key, 0);
                    suffix.CopyTo(key, id.Length);
                    if (target is not null && OnWrongSide(key, target, inclusive)) continue;
                    if (!Add(key, value)) return;
                }
            }
            else if (target is not null && OnWrongSide(id, target, inclusive))
            {
                continue;
            }
            else if (!Add(id, LiteDbEngine.Field(doc, LiteDbKeyLayout.ValueField)))
            {
                return;
            }
        }
    }

    private bool OnWrongSide(byte[] key, byte[] target, bool inclusive)
    {
        var c = key.AsSpan().SequenceCompareTo(target);
        return _descending ? c > 0 || (c == 0 && !inclusive) : c < 0 || (c == 0 && !inclusive);
    }

    /// <summary>Buffers an entry; false (and exhausted) at the bound ahead (upper going forward, lower going backward).</summary>
    private bool Add(byte[] key, byte[] value)
    {
        var outside = _descending
            ? _lower is not null && key.AsSpan().SequenceCompareTo(_lower) < 0
            : _upper is not null && key.AsSpan().SequenceCompareTo(_upper) >= 0;
        if (outside)
        {
            _exhausted = true;
            return false;
        }
        _buffer.Add((key, value));
        return true;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _owner.Untrack(this);
        _buffer.Clear();
        if (_ownsView)
        {
            var cursor = _cursor;
            if (cursor is not null && !_view.Disposed) _view.Thread.Run(() =>
            {
                cursor.Dispose();
                return 0;
            });
            _view.Dispose();
        }
        else if (_cursor is not null && !_view.Disposed)
        {
            var cursor = _cursor;
            try
            {
                _view.Thread.Run(() =>
                {
                    cursor.Dispose();
                    return 0;
                });
            }
            catch (ObjectDisposedException)
            {
                // the snapshot ended first; its transaction took the cursor with it
            }
        }
        _cursor = null;
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_snapshot is not null) ObjectDisposedException.ThrowIf(_snapshot.Disposed, _snapshot);
    }

    private void CheckValid()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Valid) throw new InvalidOperationException("the iterator is not positioned on an entry");
    }
}
