namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// Where each writer's time goes (queue wait, memtable insert, publication wait), summed per thread
/// and added to the engine's <see cref="LsmStatistics"/> every <see cref="FlushEvery"/> writes: every
/// writer adding to the shared tickers at each write would bounce their cache line between the
/// cores, costing the very overlap the counters measure. So the tickers lag by at most that many
/// writes per thread (they are time sums, read as averages). A thread that writes to another engine
/// first hands its sums to the engine they belong to.
/// </summary>
internal static class WritePathTimes
{
    private const int FlushEvery = 256;

    [ThreadStatic] private static LsmStatistics? t_owner;
    [ThreadStatic] private static long t_queueWait;
    [ThreadStatic] private static long t_memtable;
    [ThreadStatic] private static long t_publishWait;
    [ThreadStatic] private static int t_writes;

    /// <summary>Adds one write's times (Stopwatch ticks) for <paramref name="stats"/>'s engine.</summary>
    public static void Add(LsmStatistics stats, long queueWait, long memtable, long publishWait)
    {
        if (!ReferenceEquals(t_owner, stats))
        {
            Flush();
            t_owner = stats;
        }
        t_queueWait += queueWait;
        t_memtable += memtable;
        t_publishWait += publishWait;
        if (++t_writes >= FlushEvery) Flush();
    }

    private static void Flush()
    {
        var owner = t_owner;
        if (owner is not null && t_writes > 0)
        {
            owner.Add(LsmStatistics.Ticker.WriteQueueWaitTicks, t_queueWait);
            owner.Add(LsmStatistics.Ticker.WriteMemtableTicks, t_memtable);
            owner.Add(LsmStatistics.Ticker.WritePublishWaitTicks, t_publishWait);
        }
        t_queueWait = t_memtable = t_publishWait = 0;
        t_writes = 0;
    }
}
