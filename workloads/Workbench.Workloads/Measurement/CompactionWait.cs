using System.Diagnostics;
using System.Globalization;
using Workbench.Storage.Contract;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// db_bench's waitforcompaction for every engine, through two engine-neutral properties:
/// <c>compaction-pending</c> ("1" while a flush or compaction is queued or running) and
/// <c>pending-compaction-bytes</c> (the engine's estimate of the bytes still to compact; RocksDB's
/// rocksdb.estimate-pending-compaction-bytes). An engine that answers null to
/// <c>compaction-pending</c> has no background compaction left once <see cref="IKvEngine.Flush"/>
/// returned (btree, memory, lmdb, litedb, zonetree), so there is nothing to wait for. Stateless.
/// </summary>
public static class CompactionWait
{
    /// <summary>Engine property that is "1" while a flush or compaction is queued or running, "0" when idle; null when the engine has no background work.</summary>
    public const string PendingProperty = "compaction-pending";
    /// <summary>Engine property with the estimated bytes still to compact.</summary>
    public const string PendingBytesProperty = "pending-compaction-bytes";

    /// <summary>The default bound of one wait (bench's --compaction-wait-seconds).</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(300);

    /// <summary>Between two looks at the engine: short against the seconds a compaction takes, long enough not to load the engine.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until the engine reports nothing pending, or <paramref name="bound"/> elapsed.</summary>
    public static CompactionWaitResult Wait(IKvEngine engine, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Wait(engine.GetProperty, bound);
    }

    /// <summary>As <see cref="Wait(IKvEngine, TimeSpan)"/> over a property reader (the engine's GetProperty).</summary>
    public static CompactionWaitResult Wait(Func<string, string?> property, TimeSpan bound)
    {
        ArgumentNullException.ThrowIfNull(property);
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            var pending = property(PendingProperty);
            if (pending is null) return new CompactionWaitResult(Supported: false, Settled: true, Stopwatch.GetElapsedTime(start).TotalSeconds, null);
            if (pending == "0") return new CompactionWaitResult(Supported: true, Settled: true, Stopwatch.GetElapsedTime(start).TotalSeconds, null);
            if (Stopwatch.GetElapsedTime(start) >= bound)
            {
                var bytes = long.TryParse(property(PendingBytesProperty), NumberStyles.Integer, CultureInfo.InvariantCulture, out var b) ? b : (long?)null;
                return new CompactionWaitResult(Supported: true, Settled: false, Stopwatch.GetElapsedTime(start).TotalSeconds, bytes);
            }
            Thread.Sleep(PollInterval);
        }
    }
}
