using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Tests.Jobs;

/// <summary>
/// level_compaction_dynamic_level_bytes: targets as RocksDB's VersionStorageInfo::CalculateBaseBytes
/// computes them (the expected figures are worked by hand from its uint64 arithmetic: every division
/// by the multiplier truncates), and the picker's use of them (L0 into the base level, concurrent
/// picks that keep apart).
/// </summary>
public class LevelTargetsTests
{
    private const long MiB = 1L << 20;
    private const long GiB = 1L << 30;
    private static readonly ColumnFamilyOptions Dynamic = new() { LevelCompactionDynamicLevelBytes = true }; // 256 MiB base, ×10, 7 levels

    private static LevelTargets Targets(long[] bytes, int l0Files = 0, ColumnFamilyOptions? o = null) =>
        LevelTargets.ComputeDynamic(o ?? Dynamic, bytes.Length, l => bytes[l], l0Files);

    [Fact]
    public void An_empty_tree_sends_L0_to_the_last_level()
    {
        var t = Targets([0, 0, 0, 0, 0, 0, 0]);
        Assert.Equal(6, t.BaseLevel);
        Assert.Equal(-1, t.LowestUnnecessaryLevel);
    }

    [Fact]
    public void The_last_level_sets_the_targets_above_it_and_the_base_is_the_first_level_under_base_bytes()
    {
        // L6 = 100 GiB: 10 GiB, 1 GiB, 102.4 MiB (≤ 256 MiB) → base L3 with 107374182 bytes, clamped up to 256 MiB.
        var t = Targets([0, 0, 0, 0, 0, 0, 100 * GiB]);
        Assert.Equal(3, t.BaseLevel);
        Assert.Equal(double.MaxValue, t.MaxBytesForLevel(1));
        Assert.Equal(double.MaxValue, t.MaxBytesForLevel(2));
        Assert.Equal(256 * MiB, t.MaxBytesForLevel(3));
        Assert.Equal(1_073_741_820d, t.MaxBytesForLevel(4));
        Assert.Equal(10_737_418_200d, t.MaxBytesForLevel(5));
        Assert.Equal(107_374_182_000d, t.MaxBytesForLevel(6));
        Assert.Equal(10, t.Multiplier);
    }

    [Fact]
    public void A_one_GiB_last_level_puts_the_base_one_level_above_it()
    {
        var t = Targets([0, 0, 0, 0, 0, 0, GiB]);
        Assert.Equal(5, t.BaseLevel);
        Assert.Equal(256 * MiB, t.MaxBytesForLevel(5)); // 107374182 clamped up to max_bytes_for_level_base
        Assert.Equal(1_073_741_820d, t.MaxBytesForLevel(6));
    }

    [Fact]
    public void A_small_last_level_is_its_own_base()
    {
        var t = Targets([0, 0, 0, 0, 0, 0, 10 * MiB]);
        Assert.Equal(6, t.BaseLevel);
        Assert.Equal(256 * MiB, t.MaxBytesForLevel(6));
    }

    [Fact]
    public void Levels_left_over_from_static_sizing_are_marked_unnecessary()
    {
        // L1 = 10 MiB, L6 = 1 GiB: dividing from L6, L4's size (10737418) is the first ≤ base/10 (26843545).
        var t = Targets([0, 10 * MiB, 0, 0, 0, 0, GiB]);
        Assert.Equal(1, t.BaseLevel);
        Assert.Equal(4, t.LowestUnnecessaryLevel);
        Assert.Equal(256 * MiB, t.MaxBytesForLevel(1)); // 26843546 clamped
        Assert.Equal(268_435_460d, t.MaxBytesForLevel(2));
    }

    [Fact]
    public void A_large_L0_raises_the_base_target_and_flattens_the_multiplier()
    {
        // L0 = 1 GiB in 8 files (≥ 2 × trigger 4) over L6 = 1 GiB: base L5 takes L0's size, multiplier (1 GiB / 1 GiB)^(1/1) = 1.
        var t = Targets([GiB, 0, 0, 0, 0, 0, GiB], l0Files: 8);
        Assert.Equal(5, t.BaseLevel);
        Assert.Equal(1.0, t.Multiplier);
        Assert.Equal(GiB, t.MaxBytesForLevel(5));
        Assert.Equal(GiB, t.MaxBytesForLevel(6));
    }

    [Fact]
    public void Static_sizing_is_unchanged()
    {
        var o = new ColumnFamilyOptions();
        var t = LevelTargets.Compute(o, Levels(7, (6, [File(1, "a", "z", 100 * GiB)]))[0]);
        Assert.Equal(1, t.BaseLevel);
        for (var l = 1; l < 7; l++) Assert.Equal(o.MaxBytesForLevel(l), t.MaxBytesForLevel(l));
    }

    [Fact]
    public void With_dynamic_sizing_L0_compacts_into_the_base_level()
    {
        var o = new ColumnFamilyOptions { LevelCompactionDynamicLevelBytes = true, MaxBytesForLevelBase = 1 * MiB, MaxBytesForLevelMultiplier = 10 };
        var cf = new ColumnFamilyState(0, "default", o, new Memtable(0));
        var l0 = new[] { File(10, "a", "m", 100_000), File(11, "c", "p", 100_000), File(12, "b", "z", 100_000), File(13, "k", "q", 100_000) };
        var bottom = new[] { File(1, "a", "f", 50 * MiB), File(2, "g", "z", 50 * MiB) };
        var v = new LsmVersion(Levels(7, (0, l0), (6, bottom)), _ => { });
        var base_ = v.Targets(0, o).BaseLevel;
        Assert.Equal(4, base_); // L6 = 100 MiB: L5 would hold 10 MiB (> the 1 MiB base bytes), L4 1 MiB (≤): base L4
        var c = CompactionPicker.Pick(cf, v);
        Assert.NotNull(c);
        Assert.Equal(0, c.Level);
        Assert.Equal(base_, c.OutputLevel);
    }

    [Fact]
    public void A_second_pick_leaves_out_files_and_key_ranges_of_a_running_compaction()
    {
        var o = new ColumnFamilyOptions { MaxBytesForLevelBase = 1 * MiB, Level0FileNumCompactionTrigger = 4 };
        var cf = new ColumnFamilyState(0, "default", o, new Memtable(0));
        // L1 is 4× over its 1 MiB target; L2 overlaps two of its files.
        var l1 = new[] { File(1, "a", "b", MiB), File(2, "c", "d", MiB), File(3, "e", "f", MiB), File(4, "g", "h", MiB) };
        var l2 = new[] { File(5, "a", "d", 4 * MiB), File(6, "x", "y", MiB) };
        var v = new LsmVersion(Levels(4, (1, l1), (2, l2)), _ => { });
        var first = CompactionPicker.Pick(cf, v)!;
        // e..f and g..h overlap nothing in L2 (ratio 0): one trivial move takes both (TryExtendNonL0TrivialMove).
        Assert.Equal(1, first.Level);
        Assert.Equal([3L, 4L], first.Inputs.Select(f => f.Number));
        Assert.True(first.IsTrivialMove);
        foreach (var f in first.AllInputs) f.BeingCompacted = true;
        var second = CompactionPicker.Pick(cf, v, [first]);
        Assert.NotNull(second);
        foreach (var f in second.AllInputs) Assert.DoesNotContain(f, first.AllInputs);
        Assert.False(CompactionPicker.Collides(second, [first]));
        // The second: a..b with L2's a..d, grown by c..d, which adds no L2 file.
        Assert.Equal([1L, 2L], second.Inputs.Select(f => f.Number));
        Assert.Equal([5L], second.OutputLevelInputs.Select(f => f.Number));
    }

    [Fact]
    public void Compactions_whose_ranges_overlap_at_a_shared_level_collide()
    {
        var running = new CompactionInputs(0, 1, 2, [File(1, "c", "f", 1)], [File(2, "a", "d", 1)], Manual: false, 1);
        Assert.True(CompactionPicker.Collides(new CompactionInputs(0, 2, 3, [File(3, "b", "b", 1)], [], Manual: false, 1), [running]));
        Assert.True(CompactionPicker.Collides(new CompactionInputs(0, 0, 1, [File(4, "e", "z", 1)], [], Manual: false, 1), [running]));
        Assert.False(CompactionPicker.Collides(new CompactionInputs(0, 1, 2, [File(5, "g", "h", 1)], [], Manual: false, 1), [running]));
        Assert.False(CompactionPicker.Collides(new CompactionInputs(0, 3, 4, [File(6, "a", "z", 1)], [], Manual: false, 1), [running]));
    }

    [Fact]
    public void Pending_compaction_bytes_follow_the_dynamic_targets()
    {
        // Base L5 (target 256 MiB) holds 300 MiB over L6 = 1 GiB: 44 MiB too many, fan-out 1 GiB / 300 MiB + 1.
        var cf = new ColumnFamilyState(0, "default", Dynamic, new Memtable(0));
        var v = new LsmVersion(Levels(7, (5, [File(1, "a", "z", 300 * MiB)]), (6, [File(2, "a", "z", GiB)])), _ => { });
        Assert.Equal(5, v.Targets(0, Dynamic).BaseLevel);
        var excess = 300d * MiB - v.Targets(0, Dynamic).MaxBytesForLevel(5);
        var expected = (long)(excess * ((double)GiB / (300d * MiB) + 1));
        Assert.Equal(expected, CompactionPicker.EstimatePendingCompactionBytes(cf, v));
    }

    [Fact]
    public void A_picked_file_grows_by_the_neighbours_that_add_no_next_level_file()
    {
        var o = new ColumnFamilyOptions { MaxBytesForLevelBase = 1 * MiB };
        var cf = new ColumnFamilyState(0, "default", o, new Memtable(0));
        var l1 = new[] { File(1, "a", "b", MiB), File(2, "c", "d", MiB), File(3, "f", "g", MiB) };
        var l2 = new[] { File(4, "a", "d", 4 * MiB), File(5, "e", "h", 4 * MiB) };
        var v = new LsmVersion(Levels(3, (1, l1), (2, l2)), _ => { });
        var c = CompactionPicker.Pick(cf, v)!;
        Assert.Equal([1L, 2L], c.Inputs.Select(f => f.Number).Order());
        Assert.Equal([4L], c.OutputLevelInputs.Select(f => f.Number));
        // A neighbour being compacted keeps the pick as it was.
        l1[1].BeingCompacted = true;
        var single = CompactionPicker.Pick(cf, new LsmVersion(Levels(3, (1, l1), (2, l2)), _ => { }))!;
        Assert.Single(single.Inputs);
    }

    [Fact]
    public void Outputs_are_cut_after_a_grandparent_file_once_half_the_target_is_written()
    {
        static ReadOnlySpan<byte> U(string k) => System.Text.Encoding.ASCII.GetBytes(k);
        var gp = new[] { File(1, "a", "c", 10), File(2, "e", "g", 10), File(3, "i", "k", 10) };
        var cut = new GrandparentCutter(gp, targetFileSize: 100);
        var under = new GrandparentCutter(gp, targetFileSize: 100);
        Assert.False(under.ShouldCutBefore(U("a"), 0));
        Assert.False(under.ShouldCutBefore(U("d"), 54)); // past a..c, but under 55% of the target
        Assert.False(cut.ShouldCutBefore(U("a"), 0));
        Assert.True(cut.ShouldCutBefore(U("d"), 55));
        cut.Reset(U("d"));
        Assert.False(cut.ShouldCutBefore(U("f"), 10)); // into e..g: one boundary since the cut, 55% needed
        Assert.False(cut.ShouldCutBefore(U("l"), 69)); // both ends of every file count: four boundaries, 70% needed
        Assert.False(cut.ShouldCutBefore(U("m"), 99)); // no boundary crossed: no cut whatever the size
        // Overlap beyond 25 × the target cuts whatever the size.
        var small = new GrandparentCutter([File(4, "a", "c", 100), File(5, "e", "g", 100)], targetFileSize: 1);
        Assert.False(small.ShouldCutBefore(U("a"), 0));
        Assert.True(small.ShouldCutBefore(U("d"), 0));
    }

    private static FileMetadata File(long number, string lo, string hi, long size) =>
        new(number, size, InternalKey.Make(System.Text.Encoding.ASCII.GetBytes(lo), 1, ValueKind.Value), InternalKey.Make(System.Text.Encoding.ASCII.GetBytes(hi), 1, ValueKind.Value), 1, 1);

    private static FileMetadata[][][] Levels(int levels, params (int Level, FileMetadata[] Files)[] placed)
    {
        var files = new FileMetadata[levels][];
        for (var l = 0; l < levels; l++) files[l] = [];
        foreach (var (level, f) in placed) files[level] = f;
        return [files];
    }
}
