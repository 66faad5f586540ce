using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Version;
using Xunit.Abstractions;
using Ascii = System.Text.Encoding;

namespace Workbench.Storage.Lsm.Tests.Jobs;

/// <summary>
/// The L1+ picker over hand-built versions, rule by rule as RocksDB's LevelCompactionBuilder and
/// CompactionPicker::SetupOtherInputs have them: which file compaction_pri picks, how the start
/// level grows (overlapping files when the output level does not grow, else the clean files inside
/// the range), the max_compaction_bytes bound, clean cuts on user keys at both levels, trivial-move
/// extension; then a randomized check of the invariants every pick must keep.
/// </summary>
public class CompactionPickerTests(ITestOutputHelper output)
{
    private const long MiB = 1L << 20;

    [Fact]
    public void Min_overlapping_ratio_picks_the_fewest_next_level_bytes_per_byte_and_ties_go_to_the_smaller_key()
    {
        // L1 over target. Ratios ×1024: 1 → 4 MiB / 1 MiB = 4096; 2 → 1 MiB / 2 MiB = 512; 3 → 1 MiB / 2 MiB = 512; 4 → 4 MiB / 1 MiB.
        var l1 = new[] { F(1, "a", "b", MiB), F(2, "d", "e", 2 * MiB), F(3, "h", "i", 2 * MiB), F(4, "m", "n", MiB) };
        var l2 = new[] { F(10, "a", "b", 4 * MiB), F(11, "d", "e", MiB), F(12, "h", "i", MiB), F(13, "m", "n", 4 * MiB) };
        Assert.Equal([1, 2, 0, 3], CompactionPicker.FilesByCompactionPri(CompactionPri.MinOverlappingRatio, l1, l2, null));
        var c = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB }, l1, l2)!;
        Assert.Equal([2L], Numbers(c.Inputs));
        Assert.Equal([11L], Numbers(c.OutputLevelInputs));
    }

    [Fact]
    public void A_next_level_file_reaching_past_a_file_counts_for_the_following_file_too()
    {
        // L2 file 10 spans both L1 files: both overlap all of it.
        var l1 = new[] { F(1, "a", "c", MiB), F(2, "e", "g", MiB) };
        var l2 = new[] { F(10, "b", "f", 3 * MiB), F(11, "x", "z", MiB) };
        var order = CompactionPicker.FilesByCompactionPri(CompactionPri.MinOverlappingRatio, l1, l2, null);
        Assert.Equal([0, 1], order); // equal ratios (3 × 1024): key order
    }

    [Fact]
    public void The_other_priorities_order_by_size_by_sequence_and_round_robin_from_the_cursor()
    {
        var l1 = new[] { F(1, "a", "b", MiB, seqLo: 50, seqHi: 90), F(2, "d", "e", 3 * MiB, seqLo: 10, seqHi: 95), F(3, "h", "i", 2 * MiB, seqLo: 30, seqHi: 40) };
        Assert.Equal([1, 2, 0], CompactionPicker.FilesByCompactionPri(CompactionPri.ByCompensatedSize, l1, [], null));
        Assert.Equal([2, 0, 1], CompactionPicker.FilesByCompactionPri(CompactionPri.OldestLargestSeqFirst, l1, [], null));
        Assert.Equal([1, 2, 0], CompactionPicker.FilesByCompactionPri(CompactionPri.OldestSmallestSeqFirst, l1, [], null));
        Assert.Equal([1, 2, 0], CompactionPicker.FilesByCompactionPri(CompactionPri.RoundRobin, l1, [], l1[0].Largest));
        Assert.Equal([0, 1, 2], CompactionPicker.FilesByCompactionPri(CompactionPri.RoundRobin, l1, [], l1[2].Largest)); // wraps
    }

    [Fact]
    public void Round_robin_waits_for_the_cursor_file_rather_than_skip_it()
    {
        var o = new ColumnFamilyOptions { MaxBytesForLevelBase = MiB, CompactionPri = CompactionPri.RoundRobin };
        var l1 = new[] { F(1, "a", "b", MiB), F(2, "d", "e", MiB), F(3, "h", "i", MiB) };
        var cf = Cf(o);
        cf.CompactPointers[1] = l1[0].Largest;
        var c = CompactionPicker.Pick(cf, Version(l1, []))!;
        Assert.Equal(2L, c.Inputs[0].Number);
        l1[1].BeingCompacted = true;
        Assert.Null(CompactionPicker.Pick(cf, Version(l1, [])));
    }

    [Fact]
    public void The_start_level_takes_the_clean_files_inside_the_range_when_the_overlapping_ones_would_add_an_output_file()
    {
        // Pick 2 (smallest ratio); L2 file 11 spans b..g. Overlapping L1 files in b..g are 1..4, whose
        // range a..h adds L2 files 10 and 12: rejected. The files lying inside b..g (2, 3) go together.
        var l1 = new[] { F(1, "a", "c", MiB), F(2, "d", "e", 2 * MiB), F(3, "f", "f", MiB), F(4, "g", "h", MiB) };
        var l2 = new[] { F(10, "a", "a", MiB), F(11, "b", "g", 4 * MiB), F(12, "h", "k", MiB) };
        var c = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB }, l1, l2)!;
        Assert.Equal([2L, 3L], Numbers(c.Inputs));
        Assert.Equal([11L], Numbers(c.OutputLevelInputs));
    }

    [Fact]
    public void The_start_level_takes_every_overlapping_file_when_the_output_level_does_not_grow()
    {
        var l1 = new[] { F(1, "a", "c", MiB), F(2, "d", "e", 2 * MiB), F(3, "f", "h", MiB), F(4, "m", "n", MiB) };
        var l2 = new[] { F(11, "b", "g", 4 * MiB), F(12, "m", "n", 8 * MiB) };
        var c = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB }, l1, l2)!;
        Assert.Equal([1L, 2L, 3L], Numbers(c.Inputs));
        Assert.Equal([11L], Numbers(c.OutputLevelInputs));
    }

    [Fact]
    public void Growth_stays_below_max_compaction_bytes()
    {
        var l1 = new[] { F(1, "a", "c", MiB), F(2, "d", "e", 2 * MiB), F(3, "f", "f", MiB), F(4, "g", "h", MiB) };
        var l2 = new[] { F(10, "a", "a", MiB), F(11, "b", "g", 4 * MiB), F(12, "h", "k", MiB) };
        // Grown: 2 + 3 + 11 = 7 MiB. RocksDB's bound is strict: 7 MiB is not below 7 MiB.
        var at = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB, MaxCompactionBytes = 7 * MiB }, l1, l2)!;
        Assert.Equal([2L], Numbers(at.Inputs));
        var above = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB, MaxCompactionBytes = 7 * MiB + 1 }, l1, l2)!;
        Assert.Equal([2L, 3L], Numbers(above.Inputs));
        // The default is 25 × target_file_size_base.
        Assert.Equal(25 * 3 * MiB, new ColumnFamilyOptions { TargetFileSizeBase = 3 * MiB }.EffectiveMaxCompactionBytes);
        var small = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB, TargetFileSizeBase = 256 << 10 }, l1, l2)!; // 6.25 MiB
        Assert.Equal([2L], Numbers(small.Inputs));
    }

    [Fact]
    public void A_user_key_split_over_two_files_of_a_level_is_never_split_by_a_pick()
    {
        // L1 files 1 and 2 both hold versions of "c" (c#9 ends 1, c#5 starts 2): picking 2 takes 1 too.
        var l1 = new[] { F(1, "a", "c", 4 * MiB, hiSeq: 9), F(2, "c", "d", MiB, loSeq: 5), F(3, "m", "n", 4 * MiB) };
        // L2 files 10 and 11 share "e": a pick overlapping 10 takes 11 as well.
        var l2 = new[] { F(10, "b", "e", MiB, hiSeq: 7), F(11, "e", "f", MiB, loSeq: 3), F(12, "m", "n", 40 * MiB) };
        var c = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB }, l1, l2)!;
        Assert.Equal([1L, 2L], Numbers(c.Inputs));
        Assert.Equal([10L, 11L], Numbers(c.OutputLevelInputs));
        // With the sharing neighbour being compacted, the file cannot go; the next one in order does.
        l1[0].BeingCompacted = true;
        var next = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB }, l1, l2)!;
        Assert.Equal([3L], Numbers(next.Inputs));
    }

    [Fact]
    public void A_trivial_move_takes_up_to_four_neighbours_that_overlap_nothing_below()
    {
        var l1 = new[] { F(1, "a", "a", MiB), F(2, "b", "b", MiB), F(3, "c", "c", MiB), F(4, "d", "d", MiB), F(5, "e", "e", MiB), F(6, "f", "f", MiB) };
        var c = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB }, l1, [F(10, "x", "z", MiB)])!;
        Assert.Equal([1L, 2L, 3L, 4L], Numbers(c.Inputs));
        Assert.True(c.IsTrivialMove);
        // A neighbour with a file under it ends the run.
        var stopped = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB }, l1, [F(10, "c", "c", MiB)])!;
        Assert.Equal([1L, 2L], Numbers(stopped.Inputs));
        // So does max_compaction_bytes.
        var bounded = Pick(new ColumnFamilyOptions { MaxBytesForLevelBase = MiB, MaxCompactionBytes = 3 * MiB }, l1, [F(10, "x", "z", MiB)])!;
        Assert.Equal([1L, 2L, 3L], Numbers(bounded.Inputs));
        // L0 files may overlap each other: one L0 file alone is a move, several are not.
        Assert.False(new CompactionInputs(0, 0, 1, [l1[0], l1[1]], [], Manual: false, 1).IsTrivialMove);
        Assert.True(new CompactionInputs(0, 0, 1, [l1[0]], [], Manual: false, 1).IsTrivialMove);
    }

    [Fact]
    public void Random_versions_keep_every_pick_rule()
    {
        var seed = TestSeed.Fresh(output, nameof(Random_versions_keep_every_pick_rule));
        var rng = new Random(seed);
        var pris = Enum.GetValues<CompactionPri>();
        for (var round = 0; round < 400; round++)
        {
            var o = new ColumnFamilyOptions { MaxBytesForLevelBase = 4 * MiB, TargetFileSizeBase = rng.Next(1, 5) * (MiB / 4), CompactionPri = pris[rng.Next(pris.Length)] };
            var l1 = RandomLevel(rng, 1, rng.Next(1, 14));
            var l2 = RandomLevel(rng, 100, rng.Next(0, 20));
            foreach (var f in l1.Concat(l2)) f.BeingCompacted = rng.Next(10) == 0;
            var cf = Cf(o);
            if (rng.Next(2) == 0 && l1.Length > 0) cf.CompactPointers[1] = l1[rng.Next(l1.Length)].Largest;
            var c = CompactionPicker.Pick(cf, Version(l1, l2));
            var where = $"seed {seed} round {round} ({o.CompactionPri}, max {o.EffectiveMaxCompactionBytes})";
            if (c is null)
            {
                // Only below the target, or when no L1 file could go (each has a compacting file in its
                // clean cut or under it); round-robin may also wait for its cursor's file.
                if (o.CompactionPri != CompactionPri.RoundRobin && l1.Where(f => !f.BeingCompacted).Sum(f => f.Size) >= o.MaxBytesForLevelBase)
                    for (var i = 0; i < l1.Length; i++) Assert.False(CouldGo(l1, l2, i), $"{where}: L1 file {l1[i].Number} could go");
                continue;
            }
            Assert.Equal(1, c.Level);
            Assert.Equal(2, c.OutputLevel);
            CheckContiguousCleanFree(l1, c.Inputs, where + " start level");
            // The output-level inputs are exactly the clean-cut overlap of the inputs' range.
            var lo = c.Inputs[0].SmallestUserKey.ToArray();
            var hi = c.Inputs[^1].LargestUserKey.ToArray();
            var expected = l2.Where(f => f.LargestUserKey.SequenceCompareTo(lo) >= 0 && f.SmallestUserKey.SequenceCompareTo(hi) <= 0).ToList();
            if (expected.Count > 0)
            {
                CheckContiguousCleanFree(l2, c.OutputLevelInputs, where + " output level");
                Assert.True(c.OutputLevelInputs.Count >= expected.Count, where);
                foreach (var f in expected) Assert.Contains(f, c.OutputLevelInputs);
            }
            else
            {
                Assert.Empty(c.OutputLevelInputs);
                Assert.True(c.Inputs.Count <= 4 || SharesKeys(c.Inputs), where); // the 4-file bound is on the extension of a single clean-cut file
            }
            // More than one start file only within max_compaction_bytes (strict with output files, as RocksDB).
            if (c.Inputs.Count > 1 && !SharesKeys(c.Inputs))
            {
                var total = c.Inputs.Sum(f => f.Size) + c.OutputLevelInputs.Sum(f => f.Size);
                if (c.OutputLevelInputs.Count > 0) Assert.True(total < o.EffectiveMaxCompactionBytes, where);
                else Assert.True(total <= o.EffectiveMaxCompactionBytes, where);
            }
        }
    }

    /// <summary>Independently of the picker: file i, its clean cut and the L2 files under it (clean-cut) are all free.</summary>
    private static bool CouldGo(FileMetadata[] l1, FileMetadata[] l2, int i)
    {
        int lo = i, hi = i;
        while (lo > 0 && l1[lo - 1].LargestUserKey.SequenceCompareTo(l1[lo].SmallestUserKey) == 0) lo--;
        while (hi < l1.Length - 1 && l1[hi].LargestUserKey.SequenceCompareTo(l1[hi + 1].SmallestUserKey) == 0) hi++;
        for (var k = lo; k <= hi; k++)
            if (l1[k].BeingCompacted) return false;
        var under = new List<int>();
        for (var k = 0; k < l2.Length; k++)
            if (l2[k].LargestUserKey.SequenceCompareTo(l1[lo].SmallestUserKey) >= 0 && l2[k].SmallestUserKey.SequenceCompareTo(l1[hi].LargestUserKey) <= 0) under.Add(k);
        if (under.Count == 0) return true;
        int a = under[0], b = under[^1];
        while (a > 0 && l2[a - 1].LargestUserKey.SequenceCompareTo(l2[a].SmallestUserKey) == 0) a--;
        while (b < l2.Length - 1 && l2[b].LargestUserKey.SequenceCompareTo(l2[b + 1].SmallestUserKey) == 0) b++;
        for (var k = a; k <= b; k++)
            if (l2[k].BeingCompacted) return false;
        return true;
    }

    private static bool SharesKeys(List<FileMetadata> files)
    {
        for (var i = 1; i < files.Count; i++)
            if (files[i - 1].LargestUserKey.SequenceCompareTo(files[i].SmallestUserKey) == 0) return true;
        return false;
    }

    private static void CheckContiguousCleanFree(FileMetadata[] level, List<FileMetadata> picked, string where)
    {
        var first = Array.IndexOf(level, picked[0]);
        Assert.True(first >= 0, where);
        for (var i = 0; i < picked.Count; i++)
        {
            Assert.Same(level[first + i], picked[i]);
            Assert.False(picked[i].BeingCompacted, where + ": a file being compacted was picked");
        }
        var last = first + picked.Count - 1;
        if (first > 0) Assert.True(level[first - 1].LargestUserKey.SequenceCompareTo(level[first].SmallestUserKey) < 0, where + ": user key split at the left edge");
        if (last < level.Length - 1) Assert.True(level[last].LargestUserKey.SequenceCompareTo(level[last + 1].SmallestUserKey) < 0, where + ": user key split at the right edge");
    }

    /// <summary>A sorted, non-overlapping level of <paramref name="count"/> files over keys k000..k999; neighbours share a boundary user key now and then.</summary>
    private static FileMetadata[] RandomLevel(Random rng, long firstNumber, int count)
    {
        var files = new List<FileMetadata>();
        var key = rng.Next(0, 40);
        for (var i = 0; i < count && key < 990; i++)
        {
            var end = Math.Min(999, key + rng.Next(0, 60));
            files.Add(F(firstNumber + i, $"k{key:D3}", $"k{end:D3}", rng.Next(1, 9) * (MiB / 4), loSeq: 10, hiSeq: 20));
            key = rng.Next(3) == 0 ? end : end + 1 + rng.Next(0, 40); // the same user key again: a split key
        }
        return [.. files];
    }

    private static CompactionInputs? Pick(ColumnFamilyOptions o, FileMetadata[] l1, FileMetadata[] l2) => CompactionPicker.Pick(Cf(o), Version(l1, l2));

    private static ColumnFamilyState Cf(ColumnFamilyOptions o) => new(0, "default", o with { NumLevels = 3 }, new Memtable(0));

    private static LsmVersion Version(FileMetadata[] l1, FileMetadata[] l2) => new([[[], l1, l2]], _ => { });

    private static long[] Numbers(List<FileMetadata> files) => [.. files.Select(f => f.Number)];

    /// <summary>A file over user keys [lo, hi]; a boundary key shared with a neighbour gets distinct sequences (newer in the left file).</summary>
    private static FileMetadata F(long number, string lo, string hi, long size, long loSeq = 1, long hiSeq = 1, long? seqLo = null, long? seqHi = null) =>
        new(number, size, InternalKey.Make(Ascii.ASCII.GetBytes(lo), loSeq, ValueKind.Value), InternalKey.Make(Ascii.ASCII.GetBytes(hi), hiSeq, ValueKind.Value), seqLo ?? 1, seqHi ?? 1);
}
