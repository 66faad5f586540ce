using Workbench.Storage.Encoding;
using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;

namespace Workbench.Txn.Client;

/// <summary>
/// One optimistic snapshot-isolation transaction (TiDB's <c>KVTxn</c> + <c>twoPhaseCommitter</c>).
/// Reads see the snapshot at <see cref="StartTs"/> plus this transaction's own buffered writes;
/// writes are buffered until <see cref="Commit"/>. A lock met while reading is resolved through its
/// primary, or waited out with bounded jittered backoff. Commit: 1PC when enabled and everything
/// fits one request; else prewrite the primary's batch, then the others; then async commit
/// (commit_ts = max min_commit_ts, committed once all prewrites succeed) or 2PC (commit_ts from the
/// TSO, commit the primary synchronously); secondaries are committed off the caller's path.
/// Errors are typed: WriteConflictException, AlreadyExistException, TxnAbortedException,
/// CommitUnknownException; after one, the transaction is finished (start a new one to retry).
/// Belongs to one thread.
/// </summary>
public sealed class Transaction : IDisposable
{
    private readonly TxnClient _client;
    private readonly SortedDictionary<byte[], Mutation> _buffer = new(ByteKeyComparer.Instance);
    private readonly HashSet<ulong> _bypass = [];
    private TransactionState _state = TransactionState.Open;

    internal Transaction(TxnClient client, ulong startTs)
    {
        _client = client;
        StartTs = startTs;
    }

    /// <summary>The snapshot timestamp: reads see every transaction committed before it.</summary>
    public ulong StartTs { get; }

    /// <summary>The commit timestamp once <see cref="Commit"/> returned (0 for a read-only transaction).</summary>
    public ulong CommitTs { get; private set; }

    /// <summary>Open until Commit or Dispose; then Committed or RolledBack (Committing while a commit runs).</summary>
    public TransactionState State => _state;

    /// <summary>How the commit went: "1pc", "async", "2pc" or "read-only" (empty before commit).</summary>
    public string CommitMode { get; private set; } = "";

    /// <summary>Buffered writes (one per key; the last write of a key wins).</summary>
    public int MutationCount => _buffer.Count;

    /// <summary>The value of <paramref name="key"/>: this transaction's own buffered write if any, else the snapshot's; null when absent.</summary>
    public byte[]? Get(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        EnsureOpen();
        if (_buffer.TryGetValue(key, out var m)) return m.Op is MutationOp.Put or MutationOp.Insert ? m.Value : m.Op == MutationOp.Delete ? null : ReadSnapshot(key);
        return ReadSnapshot(key);
    }

    /// <summary>The values of <paramref name="keys"/> as <see cref="Get"/> sees them, in one request to the store for the unbuffered ones.</summary>
    public IReadOnlyList<KvPair> BatchGet(IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        EnsureOpen();
        var result = new List<KvPair>(keys.Count);
        var fromStore = new List<byte[]>();
        foreach (var k in keys)
        {
            if (_buffer.TryGetValue(k, out var m) && m.Op != MutationOp.Lock)
            {
                if (m.Value is not null) result.Add(new KvPair(k, m.Value));
            }
            else fromStore.Add(k);
        }
        if (fromStore.Count > 0) result.AddRange(WithLockResolution(() => _client.Kv.BatchGet(fromStore, StartTs, _bypass)));
        return result;
    }

    /// <summary>Keys in [startKey, endKey) (null = unbounded) in order, at most <paramref name="limit"/>, including buffered writes.</summary>
    public IReadOnlyList<KvPair> Scan(byte[] startKey, byte[]? endKey, int limit)
    {
        ArgumentNullException.ThrowIfNull(startKey);
        EnsureOpen();
        var cmp = ByteKeyComparer.Instance;
        var buffered = new List<Mutation>();
        foreach (var (k, m) in _buffer)
        {
            if (cmp.Compare(k, startKey) < 0 || m.Op == MutationOp.Lock) continue;
            if (endKey is not null && cmp.Compare(k, endKey) >= 0) break;
            buffered.Add(m);
        }
        var stored = WithLockResolution(() => _client.Kv.Scan(startKey, endKey, limit + buffered.Count, StartTs, _bypass));
        var result = new List<KvPair>(Math.Min(limit, stored.Count + buffered.Count));
        int i = 0, j = 0;
        while (result.Count < limit && (i < stored.Count || j < buffered.Count))
        {
            var c = i >= stored.Count ? 1 : j >= buffered.Count ? -1 : cmp.Compare(stored[i].Key, buffered[j].Key);
            if (c < 0) result.Add(stored[i++]);
            else
            {
                if (buffered[j].Value is { } v) result.Add(new KvPair(buffered[j].Key, v));
                if (c == 0) i++;
                j++;
            }
        }
        return result;
    }

    /// <summary>Buffers a put of <paramref name="key"/> → <paramref name="value"/> until commit.</summary>
    public void Set(byte[] key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        EnsureOpen();
        // An insert overwritten in the same transaction stays an insert (the key must still not exist).
        var op = _buffer.TryGetValue(key, out var old) && old.Op == MutationOp.Insert ? MutationOp.Insert : MutationOp.Put;
        _buffer[key] = new Mutation(op, key, value);
    }

    /// <summary>A put that fails the commit with AlreadyExistException if the key has a committed value.</summary>
    public void Insert(byte[] key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        EnsureOpen();
        _buffer[key] = new Mutation(MutationOp.Insert, key, value);
    }

    /// <summary>Buffers a delete of <paramref name="key"/> until commit.</summary>
    public void Delete(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        EnsureOpen();
        _buffer[key] = Mutation.Delete(key);
    }

    /// <summary>Makes the commit conflict on <paramref name="key"/> as if it were written (optimistic SELECT … FOR UPDATE).</summary>
    public void LockKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        EnsureOpen();
        _buffer.TryAdd(key, new Mutation(MutationOp.Lock, key));
    }

    /// <summary>Commits the buffered writes (1PC, async commit or 2PC as the options and sizes allow); throws a typed error when it cannot, after which the transaction is finished.</summary>
    public void Commit()
    {
        EnsureOpen();
        _state = TransactionState.Committing;
        try
        {
            if (_buffer.Count == 0)
            {
                CommitMode = "read-only";
                _state = TransactionState.Committed;
                return;
            }
            CommitBuffered();
            _state = TransactionState.Committed;
            Interlocked.Increment(ref _client.Stats.CommittedCount);
        }
        catch (Exception e) when (e is WriteConflictException or AlreadyExistException)
        {
            _state = TransactionState.Failed;
            Interlocked.Increment(ref _client.Stats.ConflictCount);
            throw;
        }
        catch (TxnException)
        {
            _state = TransactionState.Failed;
            Interlocked.Increment(ref _client.Stats.AbortedCount);
            throw;
        }
        catch
        {
            _state = TransactionState.Failed;
            throw;
        }
        finally
        {
            _client.Active.Remove(StartTs);
        }
    }

    /// <summary>Discards buffered writes (nothing is on the store before Commit).</summary>
    public void Rollback()
    {
        if (_state != TransactionState.Open) return;
        _state = TransactionState.RolledBack;
        _buffer.Clear();
        _client.Active.Remove(StartTs);
    }

    /// <summary>Rolls back if not committed (nothing was written before Commit, so an open transaction just ends).</summary>
    public void Dispose() => Rollback();

    private void EnsureOpen()
    {
        if (_state != TransactionState.Open) throw new InvalidOperationException($"transaction {StartTs} is {_state}");
    }

    private byte[]? ReadSnapshot(byte[] key) => WithLockResolution(() => _client.Kv.Get(key, StartTs, _bypass));

    private T WithLockResolution<T>(Func<T> read)
    {
        Backoffer? bo = null;
        while (true)
        {
            try
            {
                return read();
            }
            catch (KeyIsLockedException e)
            {
                if (!_client.Resolver.Resolve(e.Locks, StartTs, _bypass))
                    (bo ??= _client.NewBackoffer()).Wait($"the lock of txn {e.Locks[0].Lock.StartTs}");
            }
        }
    }

    private void CommitBuffered()
    {
        var o = _client.Options;
        var muts = new List<Mutation>(_buffer.Values);
        var primary = muts[0].Key;
        var batches = new List<List<Mutation>>();
        var current = new List<Mutation>();
        long currentBytes = 0, keyBytes = 0;
        foreach (var m in muts)
        {
            var size = m.Key.Length + (m.Value?.Length ?? 0);
            keyBytes += m.Key.Length;
            if (current.Count > 0 && currentBytes + size > o.BatchBytes)
            {
                batches.Add(current);
                current = [];
                currentBytes = 0;
            }
            current.Add(m);
            currentBytes += size;
        }
        batches.Add(current);
        var allKeys = new byte[muts.Count][];
        for (var i = 0; i < allKeys.Length; i++) allKeys[i] = muts[i].Key;
        var onePc = o.OnePc && batches.Count == 1 && _client.Kv.CanCommitInOnePhase(allKeys);
        var asyncCommit = !onePc && o.AsyncCommit && muts.Count <= o.AsyncCommitMaxKeys && keyBytes <= o.AsyncCommitMaxKeyBytes;
        IReadOnlyList<byte[]> secondaries = asyncCommit ? allKeys[1..] : [];

        var prewritten = new List<List<Mutation>>();
        ulong maxMinCommitTs = 0;
        try
        {
            for (var b = 0; b < batches.Count; b++)
            {
                var resp = PrewriteBatch(batches[b], primary, asyncCommit, onePc, b == 0 ? secondaries : [], (ulong)muts.Count);
                prewritten.Add(batches[b]);
                maxMinCommitTs = Math.Max(maxMinCommitTs, resp.MinCommitTs);
                if (onePc)
                {
                    CommitTs = resp.OnePcCommitTs;
                    CommitMode = "1pc";
                    Interlocked.Increment(ref _client.Stats.OnePcCount);
                    return;
                }
                if (b == 0) o.OnCommitStep?.Invoke(CommitStep.PrimaryPrewritten);
            }
        }
        catch (Exception e) when (e is WriteConflictException or AlreadyExistException or TxnAbortedException)
        {
            RollbackBatches(prewritten);
            throw;
        }
        o.OnCommitStep?.Invoke(CommitStep.AllPrewritten);

        if (asyncCommit)
        {
            // Committed now: every lock is written, so any resolver will commit it at this ts.
            CommitTs = maxMinCommitTs;
            CommitMode = "async";
            Interlocked.Increment(ref _client.Stats.AsyncCommitCount);
            CommitSecondaries(batches, 0);
            return;
        }

        CommitMode = "2pc";
        Interlocked.Increment(ref _client.Stats.TwoPcCount);
        var commitTs = _client.Tso.GetTimestamp();
        var primaryKeys = KeysOf(batches[0]);
        while (true)
        {
            try
            {
                _client.Kv.Commit(new CommitRequest(primaryKeys, StartTs, commitTs));
                break;
            }
            catch (CommitTsExpiredException)
            {
                // A reader pushed min_commit_ts; a newer TSO timestamp is above it (not a txn retry).
                Interlocked.Increment(ref _client.Stats.CommitTsRetryCount);
                commitTs = _client.Tso.GetTimestamp();
            }
            catch (TxnLockNotFoundException e)
            {
                throw new TxnAbortedException($"txn {StartTs} was rolled back by a lock resolver before its primary committed", e);
            }
            catch (Exception e) when (e is not TxnException)
            {
                throw new CommitUnknownException($"txn {StartTs}: the primary commit failed; the outcome is unknown", e);
            }
        }
        CommitTs = commitTs;
        o.OnCommitStep?.Invoke(CommitStep.PrimaryCommitted);
        CommitSecondaries(batches, 1);
    }

    private PrewriteResponse PrewriteBatch(List<Mutation> batch, byte[] primary, bool asyncCommit, bool onePc, IReadOnlyList<byte[]> secondaries, ulong txnSize)
    {
        var request = new PrewriteRequest
        {
            Mutations = batch, Primary = primary, StartTs = StartTs, LockTtl = _client.Options.LockTtlMs, TxnSize = txnSize,
            MinCommitTs = StartTs + 1, UseAsyncCommit = asyncCommit, Secondaries = secondaries, TryOnePc = onePc,
        };
        Backoffer? bo = null;
        while (true)
        {
            try
            {
                return _client.Kv.Prewrite(request);
            }
            catch (KeyIsLockedException e)
            {
                if (!_client.Resolver.Resolve(e.Locks, 0, null))
                    (bo ??= _client.NewBackoffer()).Wait($"the lock of txn {e.Locks[0].Lock.StartTs} during prewrite");
            }
        }
    }

    private void RollbackBatches(List<List<Mutation>> batches)
    {
        var keys = new List<byte[]>();
        foreach (var b in batches) keys.AddRange(KeysOf(b));
        if (keys.Count > 0) _client.Kv.BatchRollback(new RollbackRequest(keys, StartTs));
    }

    private void CommitSecondaries(List<List<Mutation>> batches, int from)
    {
        if (from >= batches.Count) return;
        var commitTs = CommitTs;
        var o = _client.Options;
        void Work()
        {
            for (var b = from; b < batches.Count; b++)
            {
                o.OnCommitStep?.Invoke(CommitStep.CommittingSecondaryBatch);
                _client.Kv.Commit(new CommitRequest(KeysOf(batches[b]), StartTs, commitTs));
            }
        }
        if (o.SecondariesInBackground) _client.RunInBackground(Work);
        else Work();
    }

    private static byte[][] KeysOf(List<Mutation> batch)
    {
        var keys = new byte[batch.Count][];
        for (var i = 0; i < keys.Length; i++) keys[i] = batch[i].Key;
        return keys;
    }
}
