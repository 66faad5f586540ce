using Workbench.Storage.Encoding;
using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;

namespace Workbench.Txn.Actions;

/// <summary>
/// TiKV's concurrency manager, needed by async commit and 1PC, whose commit_ts is computed by the
/// store rather than fetched from the TSO. It keeps the largest timestamp any reader used
/// (<see cref="MaxTs"/>) and an in-memory table of the locks such prewrites are writing.
/// Invariant: a prewrite computes min_commit_ts = max(max_ts + 1, …) and publishes its memory lock
/// in one step under the table's mutex, and a reader raises max_ts <i>before</i> checking the table,
/// so a reader either sees the lock or the transaction commits above the reader's ts.
/// One instance per store (per region leader in a cluster). Thread-safe.
/// </summary>
public sealed class ConcurrencyManager
{
    private readonly System.Threading.Lock _gate = new();
    private readonly Dictionary<byte[], LockInfo> _memoryLocks = new(ByteKeyComparer.Instance);
    private long _maxTs;

    /// <summary>The largest timestamp any reader has read at (never decreases).</summary>
    public ulong MaxTs => (ulong)Interlocked.Read(ref _maxTs);

    /// <summary>Raises <see cref="MaxTs"/> to <paramref name="ts"/> if larger; ts = ulong.MaxValue ("latest") is ignored.</summary>
    public void UpdateMaxTs(ulong ts)
    {
        if (ts == ulong.MaxValue) return; // "read latest" does not bound commits
        var t = (long)Math.Min(ts, long.MaxValue);
        long cur;
        while ((cur = Interlocked.Read(ref _maxTs)) < t)
            if (Interlocked.CompareExchange(ref _maxTs, t, cur) == cur) break;
    }

    /// <summary>
    /// Publishes memory locks for the keys (encoded) and returns max(max_ts + 1, floor): the
    /// smallest commit_ts no reader can have missed. Keep them until the prewrite's writes are applied.
    /// </summary>
    internal ulong LockKeysAndComputeMinCommitTs(Func<ulong, IReadOnlyList<(byte[] EncodedKey, LockInfo Lock)>> build, ulong floor)
    {
        lock (_gate)
        {
            var min = Math.Max(MaxTs + 1, floor);
            foreach (var (k, l) in build(min)) _memoryLocks[k] = l;
            return min;
        }
    }

    /// <summary>Drops the memory locks a prewrite published (<see cref="PrewriteResponse.MemoryLockedKeys"/>) once its writes are applied or abandoned.</summary>
    public void ReleaseKeys(IReadOnlyList<byte[]> encodedKeys)
    {
        lock (_gate)
        {
            foreach (var k in encodedKeys) _memoryLocks.Remove(k);
            _releases++;
        }
    }

    private long _releases;

    /// <summary>
    /// Counts <see cref="ReleaseKeys"/> calls. A reader that checks memory locks after taking its
    /// snapshot compares this before the snapshot and after the check: if a prewrite released its
    /// memory locks in between, its writes may have landed after the snapshot while its lock was
    /// already gone at the check, so the reader must read again on a new snapshot.
    /// </summary>
    public long Releases { get { lock (_gate) return _releases; } }

    /// <summary>Readers at <paramref name="readTs"/>: raise max_ts, then fail with KeyIsLocked if a memory lock on the key blocks the read.</summary>
    internal void ReadKeyCheck(byte[] encodedKey, ulong readTs, IReadOnlyCollection<ulong>? bypass)
    {
        UpdateMaxTs(readTs);
        lock (_gate)
        {
            if (_memoryLocks.Count == 0) return;
            if (_memoryLocks.TryGetValue(encodedKey, out var l) && PointGet.LockBlocksRead(l.Lock, readTs, bypass))
                throw new KeyIsLockedException([l]);
        }
    }

    internal void ReadRangeCheck(byte[] encodedStart, byte[]? encodedEnd, ulong readTs, IReadOnlyCollection<ulong>? bypass)
    {
        UpdateMaxTs(readTs);
        lock (_gate)
        {
            if (_memoryLocks.Count == 0) return;
            foreach (var (k, l) in _memoryLocks)
            {
                if (ByteKeyComparer.Instance.Compare(k, encodedStart) < 0) continue;
                if (encodedEnd is not null && ByteKeyComparer.Instance.Compare(k, encodedEnd) >= 0) continue;
                if (PointGet.LockBlocksRead(l.Lock, readTs, bypass)) throw new KeyIsLockedException([l]);
            }
        }
    }

    /// <summary>Memory locks currently held (tests).</summary>
    public int MemoryLockCount { get { lock (_gate) return _memoryLocks.Count; } }

    internal static byte[] Encode(byte[] userKey) => MvccKey.Encode(userKey);
}
