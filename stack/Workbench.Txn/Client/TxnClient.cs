using Workbench.Txn.Oracle;
using Workbench.Txn.Service;

namespace Workbench.Txn.Client;

/// <summary>
/// TiDB's transaction client (Percolator 2PC coordinator) over an <see cref="ITxnKvService"/> and a
/// timestamp source. <see cref="Begin"/> starts a snapshot-isolation transaction. Conflicts surface
/// as typed exceptions (<c>Workbench.Txn.Errors</c>); the client never retries a transaction by
/// itself (the lesson of Jepsen on TiDB). Thread-safe; each <see cref="Transaction"/> belongs to one thread.
/// </summary>
public sealed class TxnClient : IDisposable
{
    private readonly Random _random;
    private int _background;
    private readonly ManualResetEventSlim _idle = new(true);
    private readonly BackgroundCommitters _committers;

    /// <summary>A client over <paramref name="kv"/> taking timestamps from <paramref name="tso"/>, with <paramref name="options"/> (TiDB's defaults when null).</summary>
    public TxnClient(ITxnKvService kv, ITimestampSource tso, TxnClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(kv);
        ArgumentNullException.ThrowIfNull(tso);
        Kv = kv;
        Tso = tso;
        Options = options ?? new TxnClientOptions();
        _random = new Random(Options.Seed);
        Resolver = new LockResolver(kv, tso, Stats);
        _committers = new BackgroundCommitters(Options.MaxBackgroundCommitThreads);
    }

    /// <summary>The store the client sends requests to.</summary>
    public ITxnKvService Kv { get; }
    /// <summary>Where start and commit timestamps come from.</summary>
    public ITimestampSource Tso { get; }
    /// <summary>The switches and limits in force.</summary>
    public TxnClientOptions Options { get; }
    /// <summary>Counters of this client's transactions, conflicts and backoffs.</summary>
    public TxnClientStats Stats { get; } = new();

    /// <summary>Open transactions' start timestamps (the GC safe point must stay at or below the oldest).</summary>
    public ActiveTransactions Active { get; } = new();

    internal LockResolver Resolver { get; }

    /// <summary>Starts a transaction: start_ts from the TSO; reads see exactly what committed before it.</summary>
    public Transaction Begin()
    {
        var ts = Tso.GetTimestamp();
        Active.Add(ts);
        Interlocked.Increment(ref Stats.StartedCount);
        return new Transaction(this, ts);
    }

    internal Backoffer NewBackoffer() => new(Options, _random, Stats);

    internal void RunInBackground(Action work)
    {
        lock (_idle)
        {
            if (_background++ == 0) _idle.Reset();
        }
        var queued = _committers.Run(() =>
        {
            try
            {
                work();
            }
            catch (Exception)
            {
                // A failed secondary commit leaves locks that readers resolve through the primary.
                Interlocked.Increment(ref Stats.BackgroundFailureCount);
            }
            finally
            {
                BackgroundDone();
            }
        });
        if (queued) return;
        // The client is disposed: the secondaries stay locked, and readers resolve them through the primary.
        Interlocked.Increment(ref Stats.BackgroundFailureCount);
        BackgroundDone();
    }

    private void BackgroundDone()
    {
        lock (_idle)
        {
            if (--_background == 0) _idle.Set();
        }
    }

    /// <summary>Waits until background secondary commits have finished (tests, orderly shutdown).</summary>
    public bool WaitForBackgroundWork(TimeSpan timeout) => _idle.Wait(timeout);

    /// <summary>Waits up to 30 s for the background secondary commits still running.</summary>
    public void Dispose()
    {
        WaitForBackgroundWork(TimeSpan.FromSeconds(30));
        _committers.Dispose();
    }

    /// <summary>Dedicated threads started so far for background secondary commits (at most <see cref="TxnClientOptions.MaxBackgroundCommitThreads"/>).</summary>
    public int BackgroundCommitThreads => _committers.ThreadCount;
}
