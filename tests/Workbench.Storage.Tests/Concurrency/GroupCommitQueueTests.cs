using Workbench.Storage.Concurrency;

namespace Workbench.Storage.Tests.Concurrency;

public class GroupCommitQueueTests
{
    private sealed class Item(int thread, int n) : GroupCommitWriter
    {
        public int Thread { get; } = thread;
        public int N { get; } = n;
        public bool Applied;
    }

    /// <summary>
    /// Many threads: every write is applied exactly once, by exactly one leader at a time, each
    /// thread's writes in its own order; failures reach every member of the failed group. With
    /// <paramref name="sharedGroupList"/> every leader reuses one list, as the LSM's write path does:
    /// no leader may start while the last one still walks that list to wake its followers (a hang
    /// the Jepsen txn runs found).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_write_is_done_once_by_one_leader_at_a_time_in_each_threads_order(bool sharedGroupList)
    {
        var seed = TestSeed.Fresh(null);
        var queue = new GroupCommitQueue<Item>();
        const int threads = 8, perThread = 20000;
        var leaders = 0;
        var lastApplied = new int[threads];
        Array.Fill(lastApplied, -1);
        var failures = 0;
        var groups = 0;
        var maxGroup = 0;
        string? problem = null;
        var workers = new Thread[threads];
        var shared = new List<Item>();
        for (var t = 0; t < threads; t++)
        {
            var id = t;
            workers[t] = new Thread(() =>
            {
                var rnd = new Random(seed + id);
                var group = sharedGroupList ? shared : new List<Item>();
                for (var i = 0; i < perThread; i++)
                {
                    var w = new Item(id, i);
                    if (!queue.Join(w))
                    {
                        if (!w.Applied && w.Error is null) problem ??= $"thread {id} write {i} returned neither applied nor failed";
                        if (w.Error is not null) Interlocked.Increment(ref failures);
                        continue;
                    }
                    if (Interlocked.Increment(ref leaders) != 1) problem ??= "two leaders at once";
                    group.Clear();
                    group.Add(w);
                    queue.CollectFollowers(group, next => group.Count < 8);
                    Exception? error = rnd.Next(50) == 0 ? new InvalidOperationException("injected") : null;
                    foreach (var g in group)
                    {
                        if (g.Applied) problem ??= $"thread {g.Thread} write {g.N} applied twice";
                        if (lastApplied[g.Thread] != g.N - 1) problem ??= $"thread {g.Thread}: write {g.N} after {lastApplied[g.Thread]}";
                        lastApplied[g.Thread] = g.N;
                        g.Applied = error is null;
                    }
                    groups++;
                    maxGroup = Math.Max(maxGroup, group.Count);
                    if (error is not null) failures += 1; // the leader's own write
                    Interlocked.Decrement(ref leaders);
                    queue.Finish(group, error);
                }
            });
            workers[t].Start();
        }
        foreach (var w in workers) Assert.True(w.Join(TimeSpan.FromMinutes(1)), $"a writer never finished (lost wake-up?), seed {seed}");
        Assert.Null(problem);
        foreach (var last in lastApplied) Assert.Equal(perThread - 1, last);
        Assert.True(groups <= threads * perThread);
    }

    [Fact]
    public void A_group_that_is_not_the_head_of_the_queue_is_refused()
    {
        var queue = new GroupCommitQueue<Item>();
        var leader = new Item(0, 0);
        Assert.True(queue.Join(leader));
        Assert.Throws<InvalidOperationException>(() => queue.Finish([new Item(0, 1)], null));
        queue.Finish([leader], null);
        Assert.True(queue.Join(new Item(0, 2))); // the queue is empty again: the next writer leads at once
    }
}
