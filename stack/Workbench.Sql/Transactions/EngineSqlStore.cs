using System.Buffers;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;

namespace Workbench.Sql.Transactions;

/// <summary>
/// Optimistic snapshot-isolation transactions directly on one engine's default column family — the
/// SQL layer without the txn layer, so Percolator's cost can be measured by difference (config
/// `transactions: engine-local`; the default path is <see cref="PercolatorSqlStore"/>): a transaction reads an engine snapshot taken at begin, buffers its writes, and commits with
/// first-committer-wins — under one commit lock it checks that no key it writes was committed by
/// another transaction after its start, then writes one atomic batch. It is transactional
/// (snapshot isolation, atomic, durable as the engine's WAL) but not Percolator: no lock/write CFs,
/// so its bytes are not TiKV's. Thread rule: many transactions concurrently, each on one thread.
/// </summary>
public sealed class EngineSqlStore : ISqlStore
{
    private readonly IKvEngine _engine;
    private readonly ColumnFamilyHandle _cf;
    private readonly bool _ownsEngine;
    private readonly WriteOptions _writeOptions;
    private readonly Lock _commitLock = new();
    // key → version of the last commit that wrote it; pruned below the oldest running transaction.
    private readonly Dictionary<byte[], long> _lastWrite = new(ByteArrayEquality.Instance);
    private readonly SortedDictionary<long, int> _running = [];
    private long _version;
    private long _commitsSincePrune;

    /// <summary>Transactions on <paramref name="engine"/>'s default column family; <paramref name="ownsEngine"/>: dispose it with the store; <paramref name="syncCommits"/>: sync each commit's batch.</summary>
    public EngineSqlStore(IKvEngine engine, bool ownsEngine, bool syncCommits = false)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _cf = engine.DefaultColumnFamily();
        _ownsEngine = ownsEngine;
        _writeOptions = syncCommits ? WriteOptions.Synced : WriteOptions.Default;
    }

    /// <inheritdoc/>
    public IKvEngine? Engine => _engine;
    /// <inheritdoc/>
    public string Description => $"engine {_engine.Name}, single node, engine-local snapshot isolation";

    /// <inheritdoc/>
    public ISqlTransaction Begin()
    {
        lock (_commitLock)
        {
            long v = _version;
            _running[v] = _running.TryGetValue(v, out var n) ? n + 1 : 1;
            return new Transaction(this, v, _engine.GetSnapshot());
        }
    }

    private void Finish(long startVersion)
    {
        lock (_commitLock)
        {
            if (_running.TryGetValue(startVersion, out var n))
            {
                if (n <= 1) _running.Remove(startVersion); else _running[startVersion] = n - 1;
            }
        }
    }

    private void CommitBatch(long startVersion, SortedDictionary<byte[], byte[]?> writes, HashSet<byte[]>? locked)
    {
        using var batch = new WriteBatch();
        foreach (var (k, v) in writes)
        {
            if (v is null) batch.Delete(_cf, k); else batch.Put(_cf, k, v);
        }
        lock (_commitLock)
        {
            foreach (var k in writes.Keys)
                if (_lastWrite.TryGetValue(k, out var w) && w > startVersion)
                    throw new WriteConflictException($"key {Convert.ToHexString(k)} was committed by another transaction after this one started");
            if (locked is not null)
                foreach (var k in locked)
                    if (_lastWrite.TryGetValue(k, out var w) && w > startVersion)
                        throw new WriteConflictException($"locked key {Convert.ToHexString(k)} was committed by another transaction after this one started");
            _engine.Write(batch, _writeOptions);
            long v = ++_version;
            foreach (var k in writes.Keys) _lastWrite[k] = v;
            if (locked is not null) foreach (var k in locked) _lastWrite[k] = v;
            if (++_commitsSincePrune >= 4096) Prune();
        }
    }

    private void Prune()
    {
        _commitsSincePrune = 0;
        long oldest = _running.Count == 0 ? _version : _running.Keys.First();
        var dead = new List<byte[]>();
        foreach (var (k, v) in _lastWrite) if (v <= oldest) dead.Add(k);
        foreach (var k in dead) _lastWrite.Remove(k);
    }

    /// <summary>Disposes the engine when the store owns it.</summary>
    public void Dispose()
    {
        if (_ownsEngine) _engine.Dispose();
    }

    private sealed class Transaction(EngineSqlStore store, long startVersion, IEngineSnapshot snapshot) : ISqlTransaction
    {
        private readonly SortedDictionary<byte[], byte[]?> _writes = new(ByteKeyComparer.Instance);
        private readonly ReadOptions _read = new() { Snapshot = snapshot };
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private bool _done;

        public long StartTs => startVersion;
        public bool HasWrites => _writes.Count > 0;

        public byte[]? Get(byte[] key)
        {
            if (_writes.TryGetValue(key, out var own)) return own;
            _buffer.ResetWrittenCount();
            return store._engine.TryGet(store._cf, key, _buffer, _read) ? _buffer.WrittenSpan.ToArray() : null;
        }

        public byte[]?[] BatchGet(IReadOnlyList<byte[]> keys)
        {
            // One engine: point reads are as cheap one by one as batched.
            var result = new byte[]?[keys.Count];
            for (var i = 0; i < keys.Count; i++) result[i] = Get(keys[i]);
            return result;
        }

        public IEnumerable<KeyValuePair<byte[], byte[]>> Scan(byte[] start, byte[] end, int limit = int.MaxValue)
        {
            var opts = new ReadOptions { Snapshot = snapshot, LowerBound = start, UpperBound = end };
            using var it = store._engine.NewIterator(store._cf, opts);
            it.Seek(start);
            // Merge the engine's view with the buffered writes (deletes hide, puts override).
            using var own = _writes.Count == 0 ? null : RangeOf(start, end).GetEnumerator();
            bool ownValid = own?.MoveNext() ?? false;
            int n = 0;
            while (n < limit)
            {
                bool engineValid = it.Valid;
                if (!engineValid && !ownValid) yield break;
                int cmp = !engineValid ? 1 : !ownValid ? -1 : ByteKeyComparer.Instance.Compare(it.Key.ToArray(), own!.Current.Key);
                if (cmp < 0)
                {
                    var kv = new KeyValuePair<byte[], byte[]>(it.Key.ToArray(), it.Value.ToArray());
                    it.Next();
                    n++;
                    yield return kv;
                    continue;
                }
                var (k, v) = own!.Current;
                if (cmp == 0) it.Next();
                ownValid = own.MoveNext();
                if (v is null) continue;
                n++;
                yield return new KeyValuePair<byte[], byte[]>(k, v);
            }
        }

        private IEnumerable<KeyValuePair<byte[], byte[]?>> RangeOf(byte[] start, byte[] end)
        {
            foreach (var kv in _writes)
            {
                if (ByteKeyComparer.Instance.Compare(kv.Key, start) < 0) continue;
                if (ByteKeyComparer.Instance.Compare(kv.Key, end) >= 0) yield break;
                yield return kv;
            }
        }

        private HashSet<byte[]>? _locked;

        public void LockKey(byte[] key) => (_locked ??= new HashSet<byte[]>(ByteArrayEquality.Instance)).Add(key);

        public void Put(byte[] key, byte[] value) => _writes[key] = value;
        public void Delete(byte[] key) => _writes[key] = null;

        public void Commit()
        {
            ObjectDisposedException.ThrowIf(_done, this);
            try
            {
                if (_writes.Count > 0 || _locked is not null) store.CommitBatch(startVersion, _writes, _locked);
            }
            finally
            {
                Close();
            }
        }

        public void Rollback()
        {
            if (!_done) Close();
        }

        private void Close()
        {
            _done = true;
            _writes.Clear();
            _locked = null;
            snapshot.Dispose();
            store.Finish(startVersion);
        }

        public void Dispose() => Rollback();
    }
}
