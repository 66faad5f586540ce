using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Txn.Errors;
using Workbench.Txn.Mvcc;
using TxnLock = Workbench.Txn.Errors.LockInfo;
using WireLock = Workbench.Cluster.Messages.LockInfo;

namespace Workbench.Cluster.Txn;

/// <summary>
/// Conversions between the transaction layer's types (locks, typed errors) and the Kv* wire
/// messages, both ways, so a client over the cluster raises exactly the exceptions the
/// single-node <c>TxnStorage</c> raises. Pure; thread-safe.
/// </summary>
internal static class TxnWire
{
    public static WireLock ToWire(TxnLock l)
    {
        ArgumentNullException.ThrowIfNull(l);
        var r = l.Lock;
        var w = new WireLock
        {
            Key = ByteString.CopyFrom(l.Key),
            PrimaryLock = ByteString.CopyFrom(r.Primary),
            LockVersion = r.StartTs,
            LockTtl = r.Ttl,
            TxnSize = r.TxnSize,
            LockType = ToOp(r.Type),
            LockForUpdateTs = r.ForUpdateTs,
            UseAsyncCommit = r.UseAsyncCommit,
            MinCommitTs = r.MinCommitTs,
        };
        foreach (var s in r.Secondaries) w.Secondaries.Add(ByteString.CopyFrom(s));
        return w;
    }

    public static TxnLock FromWire(WireLock w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return new TxnLock(w.Key.ToByteArray(), ToRecord(w));
    }

    public static LockRecord ToRecord(WireLock w)
    {
        ArgumentNullException.ThrowIfNull(w);
        var secondaries = new byte[w.Secondaries.Count][];
        for (var i = 0; i < secondaries.Length; i++) secondaries[i] = w.Secondaries[i].ToByteArray();
        return new LockRecord
        {
            Type = FromOp(w.LockType),
            Primary = w.PrimaryLock.ToByteArray(),
            StartTs = w.LockVersion,
            Ttl = w.LockTtl,
            TxnSize = w.TxnSize,
            ForUpdateTs = w.LockForUpdateTs,
            UseAsyncCommit = w.UseAsyncCommit,
            MinCommitTs = w.MinCommitTs,
            Secondaries = secondaries,
        };
    }

    private static Op ToOp(LockType t) => t switch
    {
        LockType.Put => Op.Put,
        LockType.Delete => Op.Del,
        LockType.Lock => Op.Lock,
        _ => Op.PessimisticLock,
    };

    private static LockType FromOp(Op op) => op switch
    {
        Op.Put => LockType.Put,
        Op.Del => LockType.Delete,
        Op.Lock => LockType.Lock,
        _ => LockType.Pessimistic,
    };

    /// <summary>The KeyError of a transaction error an action raised; null for anything else (a bug or corruption, which is not a key error).</summary>
    public static KeyError? ToKeyError(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e)
        {
            case KeyIsLockedException k:
            {
                var ke = new KeyError();
                foreach (var l in k.Locks) ke.Locked.Add(ToWire(l));
                return ke;
            }
            case WriteConflictException c:
                return new KeyError { Conflict = new WriteConflict { StartTs = c.StartTs, ConflictTs = c.ConflictStartTs, ConflictCommitTs = c.ConflictCommitTs, Key = ByteString.CopyFrom(c.Key), Primary = ByteString.CopyFrom(c.Primary) } };
            case AlreadyExistException a:
                return new KeyError { AlreadyExist = new AlreadyExist { Key = ByteString.CopyFrom(a.Key) } };
            case CommitTsExpiredException x:
                return new KeyError { CommitTsExpired = new CommitTsExpired { StartTs = x.StartTs, AttemptedCommitTs = x.CommitTs, Key = ByteString.CopyFrom(x.Key), MinCommitTs = x.MinCommitTs } };
            case TxnNotFoundException n:
                return new KeyError { TxnNotFound = new TxnNotFound { StartTs = n.StartTs, PrimaryKey = ByteString.CopyFrom(n.Primary) } };
            case TxnLockNotFoundException n:
                return new KeyError { TxnLockNotFound = new TxnLockNotFound { StartTs = n.StartTs, CommitTs = n.CommitTs, Key = ByteString.CopyFrom(n.Key) } };
            case CommittedException c:
                return new KeyError { Committed = new Committed { StartTs = c.StartTs, CommitTs = c.CommitTs, Key = ByteString.CopyFrom(c.Key) } };
            case TxnAbortedException a:
                return new KeyError { Abort = a.Message };
            default:
                return null;
        }
    }

    /// <summary>The exception a KeyError stands for (the client throws it).</summary>
    public static Exception ToException(KeyError e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Locked.Count > 0)
        {
            var locks = new List<TxnLock>(e.Locked.Count);
            foreach (var l in e.Locked) locks.Add(FromWire(l));
            return new KeyIsLockedException(locks);
        }
        if (e.Conflict is { } c) return new WriteConflictException(c.StartTs, c.ConflictTs, c.ConflictCommitTs, c.Key.ToByteArray(), c.Primary.ToByteArray());
        if (e.AlreadyExist is { } a) return new AlreadyExistException(a.Key.ToByteArray());
        if (e.CommitTsExpired is { } x) return new CommitTsExpiredException(x.StartTs, x.AttemptedCommitTs, x.Key.ToByteArray(), x.MinCommitTs);
        if (e.TxnNotFound is { } n) return new TxnNotFoundException(n.StartTs, n.PrimaryKey.ToByteArray());
        if (e.TxnLockNotFound is { } ln) return new TxnLockNotFoundException(ln.StartTs, ln.CommitTs, ln.Key.ToByteArray());
        if (e.Committed is { } cm) return new CommittedException(cm.StartTs, cm.CommitTs, cm.Key.ToByteArray());
        if (!string.IsNullOrEmpty(e.Abort)) return new TxnAbortedException(e.Abort);
        return new Client.ClusterException("store: " + (string.IsNullOrEmpty(e.Retryable) ? "unknown key error" : e.Retryable));
    }
}
