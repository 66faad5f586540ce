namespace Workbench.Txn.Client;

/// <summary>Counters of one client (thread-safe reads of monotonically increasing values).</summary>
public sealed class TxnClientStats
{
    internal long StartedCount, CommittedCount, ConflictCount, AbortedCount, OnePcCount, AsyncCommitCount, TwoPcCount;
    internal long LockResolveCount, BackoffCount, BackoffMsTotal, CommitTsRetryCount, BackgroundFailureCount;
    private long _serverBusyCount, _serverBusyMs;

    /// <summary>Transactions begun.</summary>
    public long Started => Interlocked.Read(ref StartedCount);
    /// <summary>Transactions that committed with writes (read-only ones are not counted).</summary>
    public long Committed => Interlocked.Read(ref CommittedCount);
    /// <summary>WriteConflict / AlreadyExist surfaced to callers.</summary>
    public long Conflicts => Interlocked.Read(ref ConflictCount);
    /// <summary>Transactions that ended without committing because of an error (conflicts excluded).</summary>
    public long Aborted => Interlocked.Read(ref AbortedCount);
    /// <summary>Commits done in one phase.</summary>
    public long OnePc => Interlocked.Read(ref OnePcCount);
    /// <summary>Commits done with async commit.</summary>
    public long AsyncCommit => Interlocked.Read(ref AsyncCommitCount);
    /// <summary>Commits done with classic 2PC.</summary>
    public long TwoPc => Interlocked.Read(ref TwoPcCount);
    /// <summary>Other transactions' locks this client resolved (committed or rolled back) or read past.</summary>
    public long LockResolves => Interlocked.Read(ref LockResolveCount);
    /// <summary>Waits for live locks (each a bounded, jittered sleep).</summary>
    public long Backoffs => Interlocked.Read(ref BackoffCount);
    /// <summary>Milliseconds spent in backoff waits.</summary>
    public long BackoffMs => Interlocked.Read(ref BackoffMsTotal);
    /// <summary>Commits retried with a fresh commit_ts after CommitTsExpired (a reader pushed min_commit_ts); not a transaction retry.</summary>
    public long CommitTsRetries => Interlocked.Read(ref CommitTsRetryCount);
    /// <summary>Secondary commits that failed in the background (left for lock resolution).</summary>
    public long BackgroundFailures => Interlocked.Read(ref BackgroundFailureCount);
    /// <summary>Requests a store refused as busy (ServerIsBusy: its flow control) that the KV service backed off and retried.</summary>
    public long ServerBusy => Interlocked.Read(ref _serverBusyCount);
    /// <summary>Milliseconds the KV service slept in ServerIsBusy backoffs (not in <see cref="BackoffMs"/>, which counts lock waits).</summary>
    public long ServerBusyBackoffMs => Interlocked.Read(ref _serverBusyMs);

    /// <summary>Counts one ServerIsBusy answer retried after <paramref name="backoffMs"/> of backoff (called by the KV service under the client, which sees the store's answers).</summary>
    public void RecordServerBusy(long backoffMs)
    {
        Interlocked.Increment(ref _serverBusyCount);
        Interlocked.Add(ref _serverBusyMs, backoffMs);
    }
}
