using LiteDB;
using Workbench.Storage.LongKeys;

namespace Workbench.Storage.LiteDb;

/// <summary>
/// A range query over one collection's <c>_id</c> index, run on the view's thread. Each call there
/// fetches up to <see cref="BatchSize"/> documents into a local buffer (buckets expanded to their keys),
/// so Next is a thread hop only once per batch. Seek starts a new query from the target's _id; the
/// upper bound ends the fill. Belongs to one thread.
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
        var target = key.ToArray();
        _view.Thread.Run(() =>
        {
            _cursor?.Dispose();
            _cursor = _col.Find(Query.GTE("_id", LiteDbKeyLayout.IdOf(target))).GetEnumerator();
            _exhausted = false;
            Fill(target);
            return 0;
        });
    }

    public void Next()
    {
        ThrowIfUnusable();
        if (!Valid) throw new InvalidOperationException("Next on an iterator that is not positioned on an entry");
        _position++;
        if (_position < _buffer.Count || _exhausted) return;
        _view.Thread.Run(() =>
        {
            Fill(null);
            return 0;
        });
    }

    /// <summary>Replaces the buffer with the next documents' entries; with a target, drops bucket entries below it.</summary>
    private void Fill(byte[]? target)
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
                foreach (var (suffix, value) in bucket)
                {
                    var key = new byte[id.Length + suffix.Length];
                    id.CopyTo(key, 0);
                    suffix.CopyTo(key, id.Length);
                    if (target is not null && key.AsSpan().SequenceCompareTo(target) < 0) continue;
                    if (!Add(key, value)) return;
                }
            }
            else if (!Add(id, LiteDbEngine.Field(doc, LiteDbKeyLayout.ValueField)))
            {
                return;
            }
        }
    }

    /// <summary>Buffers an entry; false (and exhausted) at the upper bound.</summary>
    private bool Add(byte[] key, byte[] value)
    {
        if (_upper is not null && key.AsSpan().SequenceCompareTo(_upper) >= 0)
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
