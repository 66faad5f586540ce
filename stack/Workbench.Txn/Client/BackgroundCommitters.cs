namespace Workbench.Txn.Client;

/// <summary>
/// Dedicated threads that run the client's background secondary commits (client-go's goroutine per
/// secondary batch). Not the .NET thread pool: a secondary commit is a synchronous call that blocks
/// its thread until the store answers, and the answer itself is delivered by thread-pool
/// continuations (the cluster client is async underneath). Blocked pool threads starve those
/// continuations, and the pool adds threads only about once a second, so on a 2-core machine two
/// background commits were enough to stall every request of every session for seconds at a time
/// (measured: SQL load phases at 0–20 rows/s for 25 s after a region split, store loops idle,
/// answers released in ~1 s steps; docs/txn.md "Background secondary commits").
/// Threads start on demand, one more whenever work waits and every thread is busy, up to
/// <see cref="MaxThreads"/>; they live until <see cref="Dispose"/>. Thread-safe.
/// </summary>
internal sealed class BackgroundCommitters : IDisposable
{
    private readonly Queue<Action> _queue = new();
    private int _threads; // started so far (they never exit before Dispose)
    private int _idleThreads;
    private bool _stopping;

    public BackgroundCommitters(int maxThreads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        MaxThreads = maxThreads;
    }

    /// <summary>Upper bound on threads; beyond it work waits in the queue.</summary>
    public int MaxThreads { get; }

    /// <summary>Threads started so far.</summary>
    public int ThreadCount
    {
        get { lock (_queue) return _threads; }
    }

    /// <summary>Queues <paramref name="work"/> to run on one of the dedicated threads; false (not queued) after Dispose.</summary>
    public bool Run(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_queue)
        {
            if (_stopping) return false;
            _queue.Enqueue(work);
            if (_idleThreads >= _queue.Count || _threads >= MaxThreads)
            {
                Monitor.Pulse(_queue);
                return true;
            }
            _threads++;
            new Thread(Loop) { IsBackground = true, Name = "txn-secondaries" }.Start();
            return true;
        }
    }

    private void Loop()
    {
        while (true)
        {
            Action work;
            lock (_queue)
            {
                while (_queue.Count == 0)
                {
                    if (_stopping) return;
                    _idleThreads++;
                    Monitor.Wait(_queue);
                    _idleThreads--;
                }
                work = _queue.Dequeue();
            }
            work(); // the caller's work catches its own failures (TxnClient.RunInBackground)
        }
    }

    /// <summary>Lets the threads finish the queued work and exit; does not wait for them.</summary>
    public void Dispose()
    {
        lock (_queue)
        {
            _stopping = true;
            Monitor.PulseAll(_queue);
        }
    }
}
