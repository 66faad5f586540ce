namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// The sequences of the live snapshots, with a count per sequence. A snapshot's sequence is read
/// and registered under the same lock the oldest one is read under, so a compaction never sees a
/// "smallest snapshot" newer than a snapshot being taken. Thread-safe.
/// </summary>
internal sealed class SnapshotList
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<long, int> _snapshots = [];

    /// <summary>Registers a snapshot at the last published sequence and returns that sequence.</summary>
    public long Take(ref long lastSequence)
    {
        lock (_lock)
        {
            var seq = Volatile.Read(ref lastSequence);
            _snapshots[seq] = _snapshots.GetValueOrDefault(seq) + 1;
            return seq;
        }
    }

    public void Release(long seq)
    {
        lock (_lock)
        {
            if (!_snapshots.TryGetValue(seq, out var n)) return;
            if (n <= 1) _snapshots.Remove(seq);
            else _snapshots[seq] = n - 1;
        }
    }

    /// <summary>The oldest sequence some reader may still ask for: the oldest snapshot, else the last published sequence.</summary>
    public long Smallest(ref long lastSequence)
    {
        lock (_lock)
        {
            foreach (var s in _snapshots.Keys) return s;
            return Volatile.Read(ref lastSequence);
        }
    }

    /// <summary>The oldest live snapshot's sequence, or <see cref="long.MaxValue"/> when there is none.</summary>
    public long OldestOrMax()
    {
        lock (_lock)
        {
            foreach (var s in _snapshots.Keys) return s;
            return long.MaxValue;
        }
    }

    public int Count
    {
        get { lock (_lock) return _snapshots.Count; }
    }
}
