using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Tests.Jobs;

/// <summary>The shadowing and snapshot-visibility loop on hand-built inputs (no engine).</summary>
public class CompactionIteratorTests
{
    private static List<string> Run(Memtable mem, long smallestSnapshot, BaseLevelCheck? baseLevel)
    {
        using var it = mem.NewIterator();
        return JobInputs.Drain(new CompactionIterator(it, smallestSnapshot, baseLevel));
    }

    private static BaseLevelCheck NothingBelow(int outputLevel = 1) => new(new FileMetadata[7][].Select(_ => Array.Empty<FileMetadata>()).ToArray(), outputLevel);

    [Fact]
    public void Without_snapshots_only_the_newest_version_of_each_key_is_kept()
    {
        var mem = JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 3, ValueKind.Value, "a3"), ("b", 2, ValueKind.Value, "b2"), ("a", 5, ValueKind.Value, "a5"));
        Assert.Equal(["* a#5 SET a5", "* b#2 SET b2"], Run(mem, smallestSnapshot: 5, baseLevel: null));
    }

    [Fact]
    public void A_snapshot_keeps_the_newest_version_it_sees_and_drops_the_older_ones()
    {
        var mem = JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 3, ValueKind.Value, "a3"), ("a", 5, ValueKind.Value, "a5"), ("a", 7, ValueKind.Value, "a7"));
        // Snapshot at 4: a7 and a5 (newer than it) stay, a3 is what it reads, a1 is shadowed by a3.
        Assert.Equal(["* a#7 SET a7", "  a#5 SET a5", "  a#3 SET a3"], Run(mem, smallestSnapshot: 4, baseLevel: null));
    }

    [Fact]
    public void At_recovery_with_no_reader_every_shadowed_version_goes()
    {
        var mem = JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 2, ValueKind.Value, "a2"), ("b", 3, ValueKind.Deletion, ""));
        Assert.Equal(["* a#2 SET a2", "* b#3 DEL"], Run(mem, smallestSnapshot: long.MaxValue, baseLevel: null));
    }

    [Fact]
    public void Flush_keeps_tombstones_but_drops_what_they_shadow()
    {
        var mem = JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 2, ValueKind.Deletion, ""), ("b", 3, ValueKind.Value, "b3"));
        Assert.Equal(["* a#2 DEL", "* b#3 SET b3"], Run(mem, smallestSnapshot: 3, baseLevel: null));
    }

    [Fact]
    public void A_tombstone_at_the_bottom_level_is_dropped_with_everything_it_hides()
    {
        var mem = JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 2, ValueKind.Deletion, ""), ("b", 3, ValueKind.Value, "b3"));
        // "b" starts its user key although the entries before it were all dropped.
        Assert.Equal(["* b#3 SET b3"], Run(mem, smallestSnapshot: 3, NothingBelow()));
    }

    [Fact]
    public void A_tombstone_is_kept_while_a_deeper_level_may_hold_the_key()
    {
        var levels = new FileMetadata[4][];
        for (var l = 0; l < levels.Length; l++) levels[l] = [];
        levels[3] = [JobInputs.File(10, "c", "d")];
        var mem = JobInputs.Mem(("b", 4, ValueKind.Deletion, ""), ("c", 5, ValueKind.Deletion, ""), ("e", 6, ValueKind.Deletion, ""));
        Assert.Equal(["* c#5 DEL"], Run(mem, smallestSnapshot: 6, new BaseLevelCheck(levels, outputLevel: 1)));
    }

    [Fact]
    public void A_tombstone_newer_than_the_oldest_snapshot_is_kept_at_the_bottom()
    {
        var mem = JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 5, ValueKind.Deletion, ""));
        // The snapshot at 3 still reads a1 under the tombstone.
        Assert.Equal(["* a#5 DEL", "  a#1 SET a1"], Run(mem, smallestSnapshot: 3, NothingBelow()));
    }

    [Fact]
    public void Blob_indexes_are_shadowed_like_values_and_passed_through_unchanged()
    {
        var mem = JobInputs.Mem(("a", 1, ValueKind.BlobIndex, "ref1"), ("a", 2, ValueKind.BlobIndex, "ref2"), ("b", 3, ValueKind.Value, "b3"), ("b", 4, ValueKind.BlobIndex, "ref4"));
        Assert.Equal(["* a#2 BLOB ref2", "* b#4 BLOB ref4"], Run(mem, smallestSnapshot: 4, NothingBelow()));
    }

    [Fact]
    public void An_empty_input_yields_nothing()
    {
        Assert.Empty(Run(new Memtable(1), smallestSnapshot: 0, NothingBelow()));
    }
}
