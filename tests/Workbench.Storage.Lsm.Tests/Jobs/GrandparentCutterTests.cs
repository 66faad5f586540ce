using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Tests.Jobs;

/// <summary>
/// RocksDB's CompactionOutputs::ShouldStopBefore over hand-built grandparent levels: both ends of a
/// grandparent file are boundaries, cuts happen only at a boundary, the pre-cut threshold rises 5% per
/// boundary to 90%, a skipped grandparent worth more than 1/8 of the target cuts, and an output plus
/// its overlapped grandparents stays within max_compaction_bytes.
/// </summary>
public class GrandparentCutterTests
{
    private static ReadOnlySpan<byte> U(string k) => System.Text.Encoding.ASCII.GetBytes(k);

    // Five small files with gaps between them: b..c, e..f, h..i, k..l, n..o.
    private static FileMetadata[] Spaced(long size) =>
        [File(1, "b", "c", size), File(2, "e", "f", size), File(3, "h", "i", size), File(4, "k", "l", size), File(5, "n", "o", size)];

    [Fact]
    public void Both_ends_of_each_grandparent_count_so_the_threshold_reaches_90_percent_after_four_files()
    {
        var cut = new GrandparentCutter(Spaced(1), targetFileSize: 100);
        Assert.False(cut.ShouldCutBefore(U("a"), -1)); // first key, no output open, in the gap before b..c
        Assert.False(cut.ShouldCutBefore(U("d"), 59)); // over b..c: 2 boundaries, 60% needed
        Assert.False(cut.ShouldCutBefore(U("g"), 69)); // 4 boundaries, 70%
        Assert.False(cut.ShouldCutBefore(U("j"), 79)); // 6, 80%
        Assert.False(cut.ShouldCutBefore(U("m"), 89)); // 8, 90%
        Assert.True(cut.ShouldCutBefore(U("p"), 90));  // 10 boundaries: capped at 90%
    }

    [Fact]
    public void The_pre_cut_threshold_is_met_at_the_first_boundary_past_it()
    {
        var cut = new GrandparentCutter(Spaced(1), targetFileSize: 100);
        Assert.False(cut.ShouldCutBefore(U("a"), -1));
        Assert.True(cut.ShouldCutBefore(U("b"), 55)); // into b..c: 1 boundary, 55%
        cut.Reset(U("b"));
        Assert.False(cut.ShouldCutBefore(U("bb"), 99)); // inside b..c: no boundary, no cut (the target-size cut is the job's)
        Assert.True(cut.ShouldCutBefore(U("d"), 55)); // the count restarted at the cut: one boundary again
    }

    [Fact]
    public void Keys_inside_one_grandparent_never_cut_however_big_the_output()
    {
        var cut = new GrandparentCutter([File(1, "a", "z", 10)], targetFileSize: 100);
        Assert.False(cut.ShouldCutBefore(U("b"), -1));
        Assert.False(cut.ShouldCutBefore(U("c"), 95));
        Assert.False(cut.ShouldCutBefore(U("y"), 1_000));
    }

    [Fact]
    public void Skipping_a_whole_grandparent_bigger_than_an_eighth_of_the_target_cuts_even_a_small_output()
    {
        // From inside a file: its end, then the start and end of the skipped one, then the next start = 3+ boundaries.
        var big = new GrandparentCutter([File(1, "a", "b", 1), File(2, "d", "e", 20), File(3, "g", "h", 1)], targetFileSize: 100);
        Assert.False(big.ShouldCutBefore(U("a"), -1));
        Assert.True(big.ShouldCutBefore(U("g"), 1)); // skips d..e (20 > 100/8) and lands in g..h
        var small = new GrandparentCutter([File(1, "a", "b", 1), File(2, "d", "e", 5), File(3, "g", "h", 1)], targetFileSize: 100);
        Assert.False(small.ShouldCutBefore(U("a"), -1));
        Assert.False(small.ShouldCutBefore(U("g"), 1)); // d..e is only 5 bytes: not worth a cut
        // From a gap: the skipped file's start and end are 2 boundaries.
        var gap = new GrandparentCutter([File(1, "d", "e", 20)], targetFileSize: 100);
        Assert.False(gap.ShouldCutBefore(U("a"), -1));
        Assert.True(gap.ShouldCutBefore(U("f"), 1));
        // Off with level_compaction_dynamic_file_size.
        var off = new GrandparentCutter([File(1, "d", "e", 20)], targetFileSize: 100, dynamicFileSize: false);
        Assert.False(off.ShouldCutBefore(U("a"), -1));
        Assert.False(off.ShouldCutBefore(U("f"), 1));
    }

    [Fact]
    public void An_output_plus_its_overlapped_grandparents_stays_within_max_compaction_bytes()
    {
        var gp = new[] { File(1, "a", "c", 40), File(2, "e", "g", 40), File(3, "i", "k", 40) };
        foreach (var dynamic in new[] { true, false })
        {
            var cut = new GrandparentCutter(gp, targetFileSize: 1_000, dynamicFileSize: dynamic, maxCompactionBytes: 100);
            Assert.False(cut.ShouldCutBefore(U("b"), -1)); // starts inside a..c: 40 overlapped
            Assert.False(cut.ShouldCutBefore(U("d"), 10)); // 40 + 10
            Assert.True(cut.ShouldCutBefore(U("f"), 30));  // into e..g: 80 + 30 > 100
            cut.Reset(U("f")); // the new output overlaps e..g already
            Assert.False(cut.ShouldCutBefore(U("h"), 60)); // 40 + 60 = 100: not above
            Assert.True(cut.ShouldCutBefore(U("j"), 30));  // into i..k: 80 + 30
        }
    }

    [Fact]
    public void After_a_cut_the_overlap_counts_every_grandparent_holding_the_key()
    {
        // RocksDB's example: one user key c in several grandparents ([b,c] [c,c] [c,d]).
        var gp = new[] { File(1, "b", "c", 30), File(2, "c", "c", 30), File(3, "c", "d", 30), File(4, "f", "g", 1) };
        var cut = new GrandparentCutter(gp, targetFileSize: 1_000, dynamicFileSize: false, maxCompactionBytes: 100);
        Assert.False(cut.ShouldCutBefore(U("a"), -1));
        Assert.False(cut.ShouldCutBefore(U("c"), 5)); // crossed into b..c, c..c, c..d: 90 + 5
        cut.Reset(U("c"));
        Assert.True(cut.ShouldCutBefore(U("f"), 10)); // 90 held by c, + 1 for f..g, + 10 > 100
        var fresh = new GrandparentCutter(gp, targetFileSize: 1_000, dynamicFileSize: false, maxCompactionBytes: 100);
        Assert.False(fresh.ShouldCutBefore(U("c"), -1)); // the first key also starts with everything holding c
        Assert.True(fresh.ShouldCutBefore(U("f"), 10));
    }

    [Fact]
    public void No_grandparents_never_cut()
    {
        var cut = new GrandparentCutter([], targetFileSize: 1);
        Assert.False(cut.ShouldCutBefore(U("a"), -1));
        Assert.False(cut.ShouldCutBefore(U("b"), 1_000));
    }

    private static FileMetadata File(long number, string lo, string hi, long size) =>
        new(number, size, InternalKey.Make(System.Text.Encoding.ASCII.GetBytes(lo), 1, ValueKind.Value), InternalKey.Make(System.Text.Encoding.ASCII.GetBytes(hi), 1, ValueKind.Value), 1, 1);
}
