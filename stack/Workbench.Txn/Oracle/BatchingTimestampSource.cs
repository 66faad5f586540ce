namespace Workbench.Txn.Oracle;

/// <summary>
/// PD client batching: concurrent <see cref="GetTimestamp"/> callers are gathered into one
/// <see cref="ITimestampOracle.GetTimestamps"/> request, and the reply's range is handed out among
/// them. Only requests that arrived <i>before</i> the request was sent share it, so every caller
/// still gets a timestamp newer than anything served before its call began (no pre-fetching, which
/// would let a start_ts precede a commit the caller already saw). Thread-safe.
/// </summary>
public sealed class BatchingTimestampSource : ITimestampSource
{
    private readonly ITimestampOracle _oracle;
    private readonly System.Threading.Lock _gate = new();
    private Batch? _open;
    private bool _fetching;
    private long _requests;
    private long _calls;

    /// <summary>Batches requests to <paramref name="oracle"/>.</summary>
    public BatchingTimestampSource(ITimestampOracle oracle)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        _oracle = oracle;
    }

    /// <summary>Timestamps handed out.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Oracle calls made for them (Requests / OracleCalls = the batching factor).</summary>
    public long OracleCalls => Interlocked.Read(ref _calls);

    /// <summary>A timestamp newer than every one served before this call began; concurrent callers share one oracle request.</summary>
    public ulong GetTimestamp()
    {
        Batch mine;
        int index;
        bool leader;
        lock (_gate)
        {
            _open ??= new Batch();
            mine = _open;
            index = mine.Count++;
            leader = !_fetching;
            if (leader) _fetching = true;
        }
        Interlocked.Increment(ref _requests);
        if (leader)
        {
            // Serve batches until none is waiting; batches opened while a request is in flight
            // are sent next, so they also postdate their callers.
            while (true)
            {
                Batch? batch;
                lock (_gate)
                {
                    batch = _open;
                    _open = null;
                    if (batch is null)
                    {
                        _fetching = false;
                        break;
                    }
                    batch.Closed = true;
                }
                try
                {
                    Interlocked.Increment(ref _calls);
                    batch.Last = _oracle.GetTimestamps(batch.Count);
                }
                catch (Exception e)
                {
                    batch.Error = e;
                }
                batch.Done.Set();
            }
        }
        mine.Done.Wait();
        if (mine.Error is not null) throw new InvalidOperationException("the timestamp oracle failed", mine.Error);
        return mine.Last - (ulong)(mine.Count - 1) + (ulong)index;
    }

    private sealed class Batch
    {
        public int Count;
        public bool Closed;
        public ulong Last;
        public Exception? Error;
        public readonly ManualResetEventSlim Done = new(false);
    }
}
