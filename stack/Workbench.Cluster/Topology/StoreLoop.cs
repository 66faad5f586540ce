using System.Collections.Concurrent;
using System.Diagnostics;
using Workbench.Cluster.Store;

namespace Workbench.Cluster.Topology;

/// <summary>
/// The thread that owns one <see cref="RaftStore"/> in the in-process and tcp topologies: it runs
/// posted work (Raft messages from other stores, client requests, PD answers), ticks every
/// <c>tickMs</c> of wall-clock time (the only real clock, outside the pure store), and runs a
/// batch-system round after each wake-up. <see cref="Post"/> is thread-safe; everything posted
/// runs on the loop thread, in order.
/// </summary>
public sealed class StoreLoop : IDisposable
{
    private readonly ConcurrentQueue<Action<RaftStore>> _inbox = new();
    private readonly AutoResetEvent _signal = new(false);
    private readonly Thread _thread;
    private readonly int _tickMs;
    private volatile bool _stopping;
    private readonly CancellationTokenSource _stopped = new();

    /// <summary>A loop for <paramref name="store"/> ticking every <paramref name="tickMs"/> of wall-clock time; starts on <see cref="Start"/>.</summary>
    public StoreLoop(RaftStore store, int tickMs)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        _tickMs = tickMs;
        _thread = new Thread(Run) { IsBackground = true, Name = $"store-{store.StoreId}" };
    }

    /// <summary>The store the loop owns.</summary>
    public RaftStore Store { get; }

    /// <summary>The first exception that stopped the loop (null while healthy).</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Cancelled once the loop has stopped: work still queued then never runs.</summary>
    public CancellationToken Stopped => _stopped.Token;

    /// <summary>Starts the loop thread.</summary>
    public void Start() => _thread.Start();

    /// <summary>Queues <paramref name="work"/> to run on the loop thread (dropped once stopping).</summary>
    public void Post(Action<RaftStore> work)
    {
        if (_stopping) return;
        _inbox.Enqueue(work);
        _signal.Set();
    }

    /// <summary>Runs <paramref name="f"/> on the loop and returns its result (for status queries from other threads).</summary>
    public Task<T> Query<T>(Func<RaftStore, T> f)
    {
        var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(s =>
        {
            try
            {
                tcs.TrySetResult(f(s));
            }
            catch (Exception e)
            {
                tcs.TrySetException(e);
            }
        });
        return tcs.Task;
    }

    private void Run()
    {
        var clock = Stopwatch.StartNew();
        var nextTick = (long)_tickMs;
        try
        {
            while (!_stopping)
            {
                var wait = nextTick - clock.ElapsedMilliseconds;
                if (wait > 0 && _inbox.IsEmpty) _signal.WaitOne((int)wait);
                var n = 0;
                while (n < 4096 && _inbox.TryDequeue(out var work))
                {
                    work(Store);
                    n++;
                }
                if (clock.ElapsedMilliseconds >= nextTick)
                {
                    Store.Tick();
                    nextTick += _tickMs;
                    if (clock.ElapsedMilliseconds > nextTick + 10L * _tickMs) nextTick = clock.ElapsedMilliseconds + _tickMs; // no tick bursts after a pause
                }
                for (var i = 0; i < 16 && Store.HandleReadies(); i++)
                {
                }
            }
        }
        catch (Exception e)
        {
            Failure = e;
        }
    }

    /// <summary>Stops the loop thread and waits for it; the store itself is disposed by its owner.</summary>
    public void Dispose()
    {
        _stopping = true;
        _signal.Set();
        if (_thread.IsAlive) _thread.Join();
        _stopped.Cancel();
        _signal.Dispose();
    }
}
