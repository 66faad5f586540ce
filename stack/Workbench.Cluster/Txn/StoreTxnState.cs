using System.Runtime.CompilerServices;
using Workbench.Cluster.Client;
using Workbench.Cluster.Store;
using Workbench.Txn.Actions;
using Workbench.Txn.Service;

namespace Workbench.Cluster.Txn;

/// <summary>
/// What the transactional service keeps per store (TiKV keeps it per TiKV instance): the
/// concurrency manager (max_ts and memory locks of async-commit/1PC prewrites), the scheduler's
/// latches, the bytes the txn layer proposed by CF, and the max_ts sync state per region leader.
/// Created on first use; everything except <see cref="Stats"/>, <see cref="Concurrency"/> (both
/// thread-safe) and <see cref="MaxTsSource"/> is touched only on the store loop.
/// </summary>
internal sealed class StoreTxnState
{
    private static readonly ConditionalWeakTable<RaftStore, StoreTxnState> States = new();
    private readonly Dictionary<ulong, ulong> _syncedTerm = [];

    public ConcurrencyManager Concurrency { get; } = new();
    public CommandLatches Latches { get; } = new();

    /// <summary>Txn-layer bytes this store's leaders proposed (applied), by CF (DESIGN.md §5.5).</summary>
    public TxnWriteStats Stats { get; } = new();

    /// <summary>
    /// A fresh timestamp from PD (TiKV's max_ts sync on becoming leader): a new leader has not seen
    /// the reads its predecessor served, so before it computes an async-commit or 1PC commit_ts it
    /// raises max_ts to a TSO timestamp, which is above every read ts served before. Set by the
    /// topology; without it such prewrites are refused (the client gets an abort naming why).
    /// Called on the store loop, once per region and term; must be quick (in-process PD, or one
    /// loopback TSO call with a short timeout on tcp); TimeoutException/IOException/ClusterException
    /// from it refuse the prewrite instead of stopping the loop.
    /// </summary>
    public Func<ulong>? MaxTsSource { get; set; }

    public static StoreTxnState Of(RaftStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return States.GetValue(store, _ => new StoreTxnState());
    }

    /// <summary>Makes max_ts safe for commit_ts computation in this region at this term; false (with why) when it cannot.</summary>
    internal bool EnsureMaxTsSynced(ulong regionId, ulong term, out string? why)
    {
        why = null;
        if (_syncedTerm.TryGetValue(regionId, out var t) && t == term) return true;
        var source = MaxTsSource;
        if (source is null)
        {
            why = $"region {regionId}: max_ts is not synced with PD at term {term} (no TSO attached to this store), so async commit and 1PC cannot run here";
            return false;
        }
        ulong ts;
        try
        {
            ts = source();
        }
        catch (Exception e) when (e is TimeoutException or IOException or ClusterException)
        {
            // PD is unreachable or slow: refuse this async-commit/1PC prewrite (the client falls back or retries), keep the loop going.
            why = $"region {regionId}: max_ts could not be synced with PD at term {term} ({e.Message}), so async commit and 1PC cannot run here yet";
            return false;
        }
        Concurrency.UpdateMaxTs(ts);
        _syncedTerm[regionId] = term;
        return true;
    }
}
