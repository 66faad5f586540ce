using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Blob;

namespace Workbench.Storage.Lsm.Tests.Blob;

public sealed class BlobGcPickerTests
{
    private static readonly TitanOptions Options = new() { MergeSmallFileThreshold = 1000, BlobFileTargetSize = 1_000_000, MaxGcBatchSize = 10_000_000 };

    [Fact]
    public void Tracker_moves_live_bytes_by_outputs_minus_inputs()
    {
        var t = new BlobGarbageTracker();
        t.AddTable(10, BlobGarbageTracker.DecodeProperty("1:600,2:100", "t"));
        t.AddTable(11, BlobGarbageTracker.DecodeProperty(BlobGarbageTracker.EncodeProperty(new Dictionary<long, long> { [1] = 300 }), "t"));
        Assert.Equal(900, t.LiveBytes(1));
        // Compaction of 10 + 11 into 12 dropped overwritten versions.
        t.AddTable(12, BlobGarbageTracker.DecodeProperty("1:250,2:100", "t"));
        t.RemoveTable(10);
        t.RemoveTable(11);
        Assert.Equal(250, t.LiveBytes(1));
        Assert.Equal(100, t.LiveBytes(2));
        Assert.Equal(0.75, t.DiscardableRatio(new BlobFileMeta(1, 0, 1100, 1000, 10)), 6);
        Assert.Throws<CorruptionException>(() => BlobGarbageTracker.DecodeProperty("1:x", "t"));
    }

    [Fact]
    public void Picks_highest_ratio_first_stops_below_threshold_and_merges_small_files()
    {
        var t = new BlobGarbageTracker();
        var files = new List<BlobFileMeta>
        {
            new(1, 0, 10_000, 10_000, 1), // ratio 0.9
            new(2, 0, 10_000, 10_000, 1), // ratio 0.6
            new(3, 0, 10_000, 10_000, 1), // ratio 0.2: not picked
            new(4, 0, 500, 500, 1),       // small, ratio 0: qualifies as small
            new(5, 0, 10_000, 10_000, 1), // unsealed: never picked
        };
        t.AddTable(100, new Dictionary<long, long> { [1] = 1_000, [2] = 4_000, [3] = 8_000, [4] = 500, [5] = 0 });
        foreach (var f in new long[] { 1, 2, 3, 4 }) t.Seal(f);
        var picked = BlobGcPicker.Pick(files, t, Options, new HashSet<long>());
        Assert.Equal([1L, 2L, 4L], picked.Select(f => f.Number).ToArray());

        // Level merge: compactions move survivors, so GC takes only files nothing references (none here).
        var levelMerge = new TitanOptions { MergeSmallFileThreshold = 1000, BlobFileTargetSize = 1_000_000, MaxGcBatchSize = 10_000_000, LevelMerge = true };
        Assert.Empty(BlobGcPicker.Pick(files, t, levelMerge, new HashSet<long>()));
        t.AddTable(101, new Dictionary<long, long> { [2] = 4_000, [3] = 8_000, [4] = 500 });
        t.RemoveTable(100); // file 1 is now referenced by no table
        Assert.Equal([1L], BlobGcPicker.Pick(files, t, levelMerge, new HashSet<long>()).Select(f => f.Number).ToArray());
        t.AddTable(100, new Dictionary<long, long> { [1] = 1_000, [2] = 4_000, [3] = 8_000, [4] = 500, [5] = 0 });
        t.RemoveTable(101);

        // Batch bounded by max input size: only the best file fits.
        var tight = new TitanOptions { MergeSmallFileThreshold = 1000, BlobFileTargetSize = 1_000_000, MaxGcBatchSize = 15_000 };
        Assert.Equal([1L], BlobGcPicker.Pick(files, t, tight, new HashSet<long>()).Select(f => f.Number).ToArray());

        // Nothing above the ratio and a lone small file without garbage: no work.
        var t2 = new BlobGarbageTracker();
        t2.AddTable(1, new Dictionary<long, long> { [3] = 8_000, [4] = 500 });
        t2.Seal(3);
        t2.Seal(4);
        Assert.Empty(BlobGcPicker.Pick(files, t2, Options, new HashSet<long>()));
    }
}
