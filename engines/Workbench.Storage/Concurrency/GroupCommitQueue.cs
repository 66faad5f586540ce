namespace Workbench.Storage.Concurrency;

/// <summary>
/// Group commit (LevelDB's writer queue, RocksDB's WriteThread): writers join a FIFO queue; the one
/// at the head is the leader, takes a group of the writers queued behind it
/// (<see cref="CollectFollowers"/>), does their work as one unit (one log record, one fsync) and
/// then <see cref="Finish"/>es them, which hands leadership to the next writer in the queue.
///
/// Why not a monitor with Wait/PulseAll: every finish woke every waiter, each of which then
/// contended for the lock only to find it was not its turn; here each writer waits on its own
/// thread's event (spin briefly, then block), and is woken exactly once — when its work is done or
/// when it becomes leader. The queue lock is held only to link and unlink writers.
///
/// Thread rules: any thread may <see cref="Join"/>; only the current leader calls
/// <see cref="CollectFollowers"/> and <see cref="Finish"/>. A writer object is used for one Join.
/// </summary>
public sealed class GroupCommitQueue<T> where T : GroupCommitWriter
{
    /// <summary>Spins before a waiter blocks: about a group's WAL append on this kind of machine.</summary>
    private const int SpinCount = 64;

    [ThreadStatic] private static ManualResetEventSlim? t_wakeup;

    private readonly Lock _lock = new();
    private GroupCommitWriter? _head;
    private GroupCommitWriter? _tail;
    private int _count;

    /// <summary>Writers in the queue (leading or waiting); for tests and diagnostics, any thread.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Queues <paramref name="writer"/> and waits until it leads (returns true: do the group's work,
    /// then <see cref="Finish"/>) or a leader finished its work (returns false; a failure of that work
    /// is in <see cref="GroupCommitWriter.Error"/>).
    /// </summary>
    public bool Join(T writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var wakeup = t_wakeup ??= new ManualResetEventSlim(false, SpinCount);
        writer.Wakeup = wakeup;
        lock (_lock)
        {
            _count++;
            if (_tail is null)
            {
                _head = _tail = writer;
                writer.State = GroupCommitWriter.Leading;
                return true;
            }
            _tail.NextInQueue = writer;
            _tail = writer;
        }
        // The event is this thread's own and only this loop resets it: a late Set from an earlier
        // round can only cause one extra pass, never a missed wake-up (the state is re-read after each reset).
        while (Volatile.Read(ref writer.State) == GroupCommitWriter.Queued)
        {
            wakeup.Wait();
            wakeup.Reset();
        }
        return Volatile.Read(ref writer.State) == GroupCommitWriter.Leading;
    }

    /// <summary>
    /// Leader only: appends to <paramref name="group"/> (which holds the leader) the writers queued
    /// behind it, in order, as long as <paramref name="accept"/> takes the next one.
    /// </summary>
    public void CollectFollowers(List<T> group, Func<T, bool> accept)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(accept);
        lock (_lock)
        {
            for (var w = group[^1].NextInQueue; w is not null; w = w.NextInQueue)
            {
                var next = (T)w;
                if (!accept(next)) break;
                group.Add(next);
            }
        }
    }

    /// <summary>
    /// Leader only: the group (the leader first, then what <see cref="CollectFollowers"/> added) is
    /// done; wakes its followers with <paramref name="error"/> and makes the next queued writer leader.
    /// The followers are woken first, while this leader still heads the queue: once the group is
    /// unlinked a new leader may start at once (a writer joining the emptied queue, or the next one
    /// woken early by a late signal of its thread's event) and may reuse the caller's
    /// <paramref name="group"/> list, so nothing here reads that list after the unlink.
    /// </summary>
    public void Finish(List<T> group, Exception? error)
    {
        ArgumentNullException.ThrowIfNull(group);
        lock (_lock)
        {
            // Checked before anyone is woken: a wrong group leaves the queue and every waiter as they were.
            var expected = _head;
            foreach (var g in group)
            {
                if (!ReferenceEquals(expected, g)) throw new InvalidOperationException("group commit: a group must be the head of the queue, in order");
                expected = g.NextInQueue;
            }
        }
        for (var i = 1; i < group.Count; i++)
        {
            var g = group[i];
            g.Error = error;
            var wakeup = g.Wakeup!;
            Volatile.Write(ref g.State, GroupCommitWriter.Finished);
            wakeup.Set();
        }
        var leader = group[0];
        var count = group.Count;
        GroupCommitWriter? nextLeader;
        lock (_lock)
        {
            // Woken followers only link new writers at the tail; the group is still the head.
            for (var i = 0; i < count; i++)
            {
                var g = _head!;
                _head = g.NextInQueue;
                g.NextInQueue = null;
            }
            _count -= count;
            if (_head is null) _tail = null;
            nextLeader = _head;
            leader.State = GroupCommitWriter.Finished;
            if (nextLeader is not null) Volatile.Write(ref nextLeader.State, GroupCommitWriter.Leading);
        }
        nextLeader?.Wakeup!.Set();
    }
}
