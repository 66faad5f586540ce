namespace Workbench.Txn.Latches;

/// <summary>
/// TiKV's scheduler latches: keys hash onto a fixed set of slots; a command holds the slots of all
/// its keys while it reads its snapshot, computes and writes its modifications, so commands on the
/// same keys are serialised (reads take no latches). Slots are taken in ascending order, so two
/// commands can never wait on each other. A guard belongs to the thread that acquired it.
/// </summary>
public sealed class Latches
{
    private readonly object[] _slots;

    /// <summary>A latch table of <paramref name="slotCount"/> slots; more slots, fewer false conflicts between unrelated keys.</summary>
    public Latches(int slotCount = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotCount, 1);
        _slots = new object[slotCount];
        for (var i = 0; i < slotCount; i++) _slots[i] = new object();
    }

    /// <summary>Blocks until every slot of <paramref name="keys"/> is held by this thread (slots taken in ascending order, so no deadlock).</summary>
    public LatchGuard Acquire(IReadOnlyList<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var idx = new int[keys.Count];
        for (var i = 0; i < keys.Count; i++) idx[i] = Slot(keys[i]);
        Array.Sort(idx);
        var n = 0;
        for (var i = 0; i < idx.Length; i++)
            if (i == 0 || idx[i] != idx[i - 1]) idx[n++] = idx[i];
        var taken = idx.AsSpan(0, n).ToArray();
        foreach (var s in taken) Monitor.Enter(_slots[s]);
        return new LatchGuard(this, taken);
    }

    internal void Release(int[] taken)
    {
        for (var i = taken.Length - 1; i >= 0; i--) Monitor.Exit(_slots[taken[i]]);
    }

    private int Slot(byte[] key)
    {
        // FNV-1a: cheap and spreads short keys well.
        var h = 2166136261u;
        foreach (var b in key) h = (h ^ b) * 16777619u;
        return (int)(h % (uint)_slots.Length);
    }
}
