using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Client;
using Workbench.Txn.Service;
using Xunit;
using static Workbench.Txn.Tests.TxnHarness;

namespace Workbench.Txn.Tests;

/// <summary>
/// Background secondary commits run on the client's own threads, never on the .NET thread pool:
/// a secondary commit blocks until the store answers, and over the cluster that answer is
/// delivered by thread-pool continuations, so pool threads blocked in it starved every request
/// of the process (the SQL load stalls of docs/txn.md "Background secondary commits").
/// </summary>
public class BackgroundCommitTests
{
    [Fact]
    public void Secondaries_commit_off_the_thread_pool_and_all_land()
    {
        using var h = new TxnHarness();
        var kv = new ThreadRecordingKv(h.Service);
        using var client = new TxnClient(kv, h.Source, new TxnClientOptions { AsyncCommit = false, OnePc = false, BatchBytes = 64, Sleep = ms => h.Clock!.Advance(ms) });
        for (var t = 0; t < 8; t++)
        {
            var txn = client.Begin();
            for (var i = 0; i < 20; i++) txn.Set(B($"t{t}-k{i:D2}"), new byte[40]);
            txn.Commit();
        }
        Assert.True(client.WaitForBackgroundWork(TimeSpan.FromSeconds(30)));

        Assert.True(kv.BackgroundCommits > 0, "the transactions had secondaries committed in the background");
        Assert.Equal(0, kv.PoolThreadCommits);
        Assert.InRange(client.BackgroundCommitThreads, 1, client.Options.MaxBackgroundCommitThreads);
        Assert.Equal(0, client.Stats.BackgroundFailureCount);
        var reader = client.Begin();
        for (var t = 0; t < 8; t++)
            for (var i = 0; i < 20; i++)
                Assert.NotNull(reader.Get(B($"t{t}-k{i:D2}")));
    }

    [Fact]
    public void Work_queued_beyond_the_thread_limit_waits_and_runs()
    {
        using var committers = new BackgroundCommitters(maxThreads: 2);
        using var gate = new ManualResetEventSlim(false);
        using var done = new CountdownEvent(10);
        for (var i = 0; i < 10; i++)
            Assert.True(committers.Run(() =>
            {
                gate.Wait();
                done.Signal();
            }));
        Assert.Equal(2, committers.ThreadCount);
        gate.Set();
        Assert.True(done.Wait(TimeSpan.FromSeconds(30)), "all ten queued items ran on the two threads");
        Assert.Equal(2, committers.ThreadCount);
    }

    [Fact]
    public void Work_after_dispose_is_refused_and_counted_as_a_background_failure()
    {
        using var h = new TxnHarness();
        var client = new TxnClient(h.Service, h.Source, new TxnClientOptions { AsyncCommit = false, OnePc = false, BatchBytes = 64, Sleep = ms => h.Clock!.Advance(ms) });
        client.Dispose();
        var txn = client.Begin();
        for (var i = 0; i < 5; i++) txn.Set(B($"k{i}"), new byte[40]);
        txn.Commit(); // the primary commits; the secondaries cannot be queued
        Assert.True(client.WaitForBackgroundWork(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, client.Stats.BackgroundFailureCount);
    }

    /// <summary>Passes every call to the store, noting on which kind of thread background commits ran.</summary>
    private sealed class ThreadRecordingKv(ITxnKvService inner) : ITxnKvService
    {
        private readonly int _sessionThread = Environment.CurrentManagedThreadId;
        private int _background, _pool;

        public int BackgroundCommits => Volatile.Read(ref _background);
        public int PoolThreadCommits => Volatile.Read(ref _pool);

        public void Commit(CommitRequest request)
        {
            if (Environment.CurrentManagedThreadId != _sessionThread)
            {
                Interlocked.Increment(ref _background);
                if (Thread.CurrentThread.IsThreadPoolThread) Interlocked.Increment(ref _pool);
            }
            inner.Commit(request);
        }

        public byte[]? Get(byte[] key, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) => inner.Get(key, ts, bypassLocks);
        public IReadOnlyList<KvPair> BatchGet(IReadOnlyList<byte[]> keys, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) => inner.BatchGet(keys, ts, bypassLocks);
        public IReadOnlyList<KvPair> Scan(byte[] startKey, byte[]? endKey, int limit, ulong ts, IReadOnlyCollection<ulong>? bypassLocks = null) => inner.Scan(startKey, endKey, limit, ts, bypassLocks);
        public PrewriteResponse Prewrite(PrewriteRequest request) => inner.Prewrite(request);
        public void BatchRollback(RollbackRequest request) => inner.BatchRollback(request);
        public TxnStatus CheckTxnStatus(CheckTxnStatusRequest request) => inner.CheckTxnStatus(request);
        public SecondaryLocksStatus CheckSecondaryLocks(CheckSecondaryLocksRequest request) => inner.CheckSecondaryLocks(request);
        public void ResolveLock(ResolveLockRequest request) => inner.ResolveLock(request);
        public bool CanCommitInOnePhase(IReadOnlyList<byte[]> keys) => inner.CanCommitInOnePhase(keys);
    }
}
