using Workbench.Cluster.Client;
using Workbench.Txn.Mvcc;
using Workbench.Txn.Oracle;

namespace Workbench.Cluster.Txn;

/// <summary>
/// The transaction client's timestamps from PD's TSO over <see cref="IPdRpc.TsoAsync"/>, batched
/// as PD's client does (<see cref="BatchingTimestampSource"/>: concurrent callers share one request,
/// and only callers that arrived before it was sent). An unreachable PD is retried with
/// client-go's pdRPC backoff until the budget is spent. Thread-safe.
/// </summary>
public sealed class PdTimestampSource : ITimestampSource
{
    private readonly BatchingTimestampSource _batching;

    /// <summary>Timestamps from <paramref name="pd"/>; failures back off on <paramref name="clock"/> within <paramref name="maxBackoffMs"/>.</summary>
    public PdTimestampSource(IPdRpc pd, IClusterClock clock, Random random, int maxBackoffMs = 20_000)
    {
        ArgumentNullException.ThrowIfNull(pd);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(random);
        _batching = new BatchingTimestampSource(new Oracle(pd, clock, random, maxBackoffMs));
    }

    /// <summary>Timestamps handed out and TSO requests made for them (their ratio is the batching factor).</summary>
    public long Requests => _batching.Requests;
    /// <summary>TSO requests sent to PD (fewer than timestamps handed out, by the batching).</summary>
    public long TsoCalls => _batching.OracleCalls;

    /// <inheritdoc/>
    public ulong GetTimestamp() => _batching.GetTimestamp();

    private sealed class Oracle(IPdRpc pd, IClusterClock clock, Random random, int maxBackoffMs) : ITimestampOracle
    {
        public ulong GetTimestamps(int count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
            var bo = new Backoffer(clock, random, maxBackoffMs);
            while (true)
            {
                try
                {
                    var r = BlockingWait.Result(pd.TsoAsync((uint)count));
                    if (r.Count != (uint)count) throw new InvalidOperationException($"PD TSO returned {r.Count} timestamps, {count} were asked");
                    return TimeStamp.Compose(r.Physical, (ulong)r.Logical);
                }
                catch (Exception e) when (e is TimeoutException or IOException)
                {
                    bo.BackoffAsync(BackoffKind.PdRpc, "PD TSO: " + e.Message).GetAwaiter().GetResult();
                }
            }
        }
    }
}
