using Workbench.Workloads.Layers;

namespace Workbench.Harness.Ycsb;

/// <summary>The txn layer's phase lines for a YCSB phase: the retries and give-ups its workers counted.</summary>
internal static class TxnLayerYcsb
{
    /// <summary>Lines for the phase just finished (counters since the previous call).</summary>
    public static string DescribeAndReset(this TxnLayer txn, IReadOnlyList<IYcsbWorker> workers, long userBytes)
    {
        ArgumentNullException.ThrowIfNull(txn);
        ArgumentNullException.ThrowIfNull(workers);
        long retries = 0, failed = 0;
        foreach (var w in workers)
            if (w is TxnYcsbWorker t)
            {
                retries += t.Retries;
                failed += t.Failed;
            }
        return txn.DescribeAndReset(retries, failed, userBytes, null);
    }
}
