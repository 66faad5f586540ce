namespace Workbench.Cluster.Txn;

/// <summary>
/// TiKV's scheduler latches with wait queues (storage/txn/latch.rs): keys hash onto slots, each a
/// FIFO of command ids; a command owns a slot when it is at the front. A command takes its slots
/// in ascending order and parks in the queue of the first one it cannot own, so two commands can
/// never wait on each other. Acquisition is a callback, never a blocked thread: the store loop
/// (one thread, also in the simulated topology) keeps running while a command waits. Not
/// thread-safe: the store loop owns it.
/// </summary>
internal sealed class CommandLatches
{
    private readonly Queue<long>[] _slots;
    private readonly Dictionary<long, Waiter> _waiting = [];
    private long _nextId;

    public CommandLatches(int slotCount = 2048)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotCount, 1);
        _slots = new Queue<long>[slotCount];
        for (var i = 0; i < slotCount; i++) _slots[i] = new Queue<long>();
    }

    /// <summary>Commands holding slots or waiting for one (tests, metrics); 0 when the store is idle.</summary>
    public int WaitingCount => _waiting.Count;

    /// <summary>
    /// Takes the slots of <paramref name="keys"/>; <paramref name="acquired"/> runs (now, or on a
    /// later <see cref="Release"/>) with the handle to release. Runs on the store loop.
    /// </summary>
    public void Acquire(IReadOnlyList<byte[]> keys, Action<long> acquired)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(acquired);
        var idx = new int[keys.Count];
        for (var i = 0; i < keys.Count; i++) idx[i] = Slot(keys[i]);
        Array.Sort(idx);
        var n = 0;
        for (var i = 0; i < idx.Length; i++)
            if (i == 0 || idx[i] != idx[i - 1]) idx[n++] = idx[i];
        var w = new Waiter(++_nextId, idx.AsSpan(0, n).ToArray(), acquired);
        _waiting[w.Id] = w;
        TryAdvance(w);
    }

    /// <summary>Frees the command's slots and wakes the commands now at the front of them.</summary>
    public void Release(long id)
    {
        if (!_waiting.Remove(id, out var w)) throw new InvalidOperationException($"latch handle {id} is not held");
        if (w.Owned != w.Slots.Length) throw new InvalidOperationException($"latch handle {id} released before it was acquired");
        List<long>? wake = null;
        foreach (var s in w.Slots)
        {
            var q = _slots[s];
            if (q.Count == 0 || q.Peek() != id) throw new InvalidOperationException($"latch slot {s} is not held by {id}");
            q.Dequeue();
            if (q.Count > 0) (wake ??= []).Add(q.Peek());
        }
        if (wake is null) return;
        foreach (var next in wake)
            if (_waiting.TryGetValue(next, out var nw) && !nw.Started) TryAdvance(nw);
    }

    private void TryAdvance(Waiter w)
    {
        while (w.Owned < w.Slots.Length)
        {
            var q = _slots[w.Slots[w.Owned]];
            if (q.Count == 0 || q.Peek() == w.Id)
            {
                if (q.Count == 0) q.Enqueue(w.Id);
                w.Owned++;
                w.Queued = false;
                continue;
            }
            if (!w.Queued)
            {
                q.Enqueue(w.Id);
                w.Queued = true;
            }
            return;
        }
        w.Started = true;
        w.Acquired(w.Id);
    }

    private int Slot(byte[] key)
    {
        var h = 2166136261u;
        foreach (var b in key) h = (h ^ b) * 16777619u;
        return (int)(h % (uint)_slots.Length);
    }

    private sealed class Waiter(long id, int[] slots, Action<long> acquired)
    {
        public long Id { get; } = id;
        public int[] Slots { get; } = slots;
        public Action<long> Acquired { get; } = acquired;
        public int Owned { get; set; }
        public bool Queued { get; set; }
        public bool Started { get; set; }
    }
}
