namespace Workbench.Txn.Client;

/// <summary>
/// Start timestamps of the transactions still open on a client, so MVCC GC never moves its safe
/// point past a snapshot someone may still read (TiDB reports its min start_ts to PD for the same
/// reason). Thread-safe.
/// </summary>
public sealed class ActiveTransactions
{
    private readonly System.Threading.Lock _gate = new();
    private readonly SortedDictionary<ulong, int> _open = [];

    /// <summary>Registers an open transaction at <paramref name="startTs"/> (counted: two transactions may share a ts).</summary>
    public void Add(ulong startTs)
    {
        lock (_gate) _open[startTs] = _open.TryGetValue(startTs, out var n) ? n + 1 : 1;
    }

    /// <summary>Unregisters one transaction at <paramref name="startTs"/>; unknown ts are ignored.</summary>
    public void Remove(ulong startTs)
    {
        lock (_gate)
        {
            if (!_open.TryGetValue(startTs, out var n)) return;
            if (n <= 1) _open.Remove(startTs);
            else _open[startTs] = n - 1;
        }
    }

    /// <summary>The oldest open start_ts, or null when none is open.</summary>
    public ulong? MinStartTs
    {
        get
        {
            lock (_gate)
            {
                foreach (var k in _open.Keys) return k;
                return null;
            }
        }
    }

    /// <summary>Distinct start timestamps open now.</summary>
    public int Count { get { lock (_gate) return _open.Count; } }
}
