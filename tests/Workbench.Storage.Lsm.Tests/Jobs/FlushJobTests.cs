using Workbench.Storage.Lsm.Flush;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;

namespace Workbench.Storage.Lsm.Tests.Jobs;

public class FlushJobTests
{
    [Fact]
    public void A_flush_writes_the_visible_versions_and_keeps_tombstones()
    {
        using var bench = new JobBench();
        var mem = JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 4, ValueKind.Value, "a4"), ("b", 2, ValueKind.Deletion, ""), ("c", 3, ValueKind.Value, "c3"), ("c", 5, ValueKind.Value, "c5"));
        // The snapshot at 3 still reads a1 and c3; nothing reads b's older data here, but flush keeps the tombstone.
        var f = bench.Flush(mem, smallestSnapshot: 3);
        Assert.Equal(["a#4 SET a4", "a#1 SET a1", "b#2 DEL", "c#5 SET c5", "c#3 SET c3"], bench.Read(f));
        Assert.Equal(1, f.SmallestSequence);
        Assert.Equal(5, f.LargestSequence);
        Assert.Equal("a", System.Text.Encoding.ASCII.GetString(f.SmallestUserKey));
        Assert.Equal("c", System.Text.Encoding.ASCII.GetString(f.LargestUserKey));
    }

    [Fact]
    public void A_flush_without_readers_drops_every_shadowed_version()
    {
        using var bench = new JobBench();
        var mem = JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 2, ValueKind.Value, "a2"), ("a", 3, ValueKind.Value, "a3"));
        Assert.Equal(["a#3 SET a3"], bench.Read(bench.Flush(mem, smallestSnapshot: 3)));
    }

    [Fact]
    public void An_empty_memtable_writes_no_file()
    {
        using var bench = new JobBench();
        Assert.Null(new FlushJob(bench.Outputs, bench.Cf, new Memtable(1), long.MaxValue).Run());
        Assert.Equal(0, bench.TableFiles());
    }
}
