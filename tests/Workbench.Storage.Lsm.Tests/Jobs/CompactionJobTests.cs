using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Tests.Jobs;

public class CompactionJobTests
{
    private static FileMetadata[][][] Levels(int levels, params (int Level, FileMetadata[] Files)[] placed)
    {
        var files = new FileMetadata[levels][];
        for (var l = 0; l < levels; l++) files[l] = [];
        foreach (var (level, f) in placed) files[level] = f;
        return [files];
    }

    private static List<FileMetadata> Compact(JobBench bench, FileMetadata[][][] files, CompactionInputs c, long smallestSnapshot)
    {
        var version = new LsmVersion(files, _ => { });
        var job = new CompactionJob(bench.Outputs, bench.Tables, bench.Cf, c, version, smallestSnapshot, () => false);
        job.Run();
        return job.Outputs;
    }

    [Fact]
    public void Merging_L0_files_into_the_bottom_keeps_the_newest_versions_and_drops_dead_tombstones()
    {
        using var bench = new JobBench();
        var older = bench.Flush(JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("b", 2, ValueKind.Value, "b2"), ("c", 3, ValueKind.Value, "c3")), long.MaxValue);
        var newer = bench.Flush(JobInputs.Mem(("a", 4, ValueKind.Deletion, ""), ("b", 5, ValueKind.Value, "b5")), long.MaxValue);
        var files = Levels(3, (0, [newer, older]));
        var outputs = Compact(bench, files, new CompactionInputs(0, 0, 1, [newer, older], [], Manual: true, 0), smallestSnapshot: 5);
        var all = outputs.SelectMany(bench.Read).ToList();
        Assert.Equal(["b#5 SET b5", "c#3 SET c3"], all);
    }

    [Fact]
    public void A_tombstone_over_a_deeper_level_is_kept_and_a_snapshot_keeps_what_it_reads()
    {
        using var bench = new JobBench();
        var deep = bench.Flush(JobInputs.Mem(("a", 1, ValueKind.Value, "a1")), long.MaxValue);
        var top = bench.Flush(JobInputs.Mem(("a", 3, ValueKind.Deletion, ""), ("b", 2, ValueKind.Value, "b2"), ("b", 4, ValueKind.Value, "b4")), smallestSnapshot: 2);
        var files = Levels(3, (0, [top]), (2, [deep]));
        var outputs = Compact(bench, files, new CompactionInputs(0, 0, 1, [top], [], Manual: true, 0), smallestSnapshot: 2);
        Assert.Equal(["a#3 DEL", "b#4 SET b4", "b#2 SET b2"], outputs.SelectMany(bench.Read).ToList());
    }

    [Fact]
    public void Outputs_are_cut_at_the_target_size_but_only_between_user_keys()
    {
        using var bench = new JobBench(new ColumnFamilyOptions { TargetFileSizeBase = 1 });
        var big = new string('x', 100);
        var input = bench.Flush(JobInputs.Mem(("a", 1, ValueKind.Value, big), ("a", 2, ValueKind.Value, big), ("b", 3, ValueKind.Value, big), ("b", 4, ValueKind.Value, big)), smallestSnapshot: 1);
        var files = Levels(3, (0, [input]));
        // Snapshot at 3: a2 shadows a1 for every reader; b4 is newer than the snapshot, so b3 (what it reads) stays with it.
        var outputs = Compact(bench, files, new CompactionInputs(0, 0, 1, [input], [], Manual: true, 0), smallestSnapshot: 3);
        Assert.Equal(2, outputs.Count);
        Assert.Equal([$"a#2 SET {big}"], bench.Read(outputs[0]));
        Assert.Equal([$"b#4 SET {big}", $"b#3 SET {big}"], bench.Read(outputs[1]));
    }

    [Fact]
    public void A_compaction_that_keeps_nothing_writes_no_file()
    {
        using var bench = new JobBench();
        var input = bench.Flush(JobInputs.Mem(("a", 1, ValueKind.Value, "a1"), ("a", 2, ValueKind.Deletion, "")), smallestSnapshot: 1);
        var before = bench.TableFiles();
        var outputs = Compact(bench, Levels(3, (0, [input])), new CompactionInputs(0, 0, 1, [input], [], Manual: true, 0), smallestSnapshot: 2);
        Assert.Empty(outputs);
        Assert.Equal(before, bench.TableFiles());
    }

    [Fact]
    public void A_closing_engine_cancels_the_merge_and_leaves_no_unfinished_file()
    {
        using var bench = new JobBench();
        var input = bench.Flush(JobInputs.Mem(("a", 1, ValueKind.Value, "a1")), long.MaxValue);
        var before = bench.TableFiles();
        var version = new LsmVersion(Levels(3, (0, [input])), _ => { });
        var job = new CompactionJob(bench.Outputs, bench.Tables, bench.Cf, new CompactionInputs(0, 0, 1, [input], [], Manual: true, 0), version, 1, () => true);
        Assert.Throws<OperationCanceledException>(job.Run);
        Assert.Equal(before, bench.TableFiles());
    }
}
