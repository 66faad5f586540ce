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

    private const long Mb = 1L << 20;

    /// <summary>Files of one CF with no garbage at all (every byte referenced by one table), all sealed.</summary>
    private static (List<BlobFileMeta> Files, BlobGarbageTracker Tracker) LiveFiles(params long[] sizes)
    {
        var t = new BlobGarbageTracker();
        var files = new List<BlobFileMeta>();
        var refs = new Dictionary<long, long>();
        for (var i = 0; i < sizes.Length; i++)
        {
            files.Add(new BlobFileMeta(i + 1, 0, sizes[i], sizes[i], 1));
            refs[i + 1] = sizes[i];
            t.Seal(i + 1);
        }
        t.AddTable(1000, refs);
        return (files, t);
    }

    private static long[] Numbers(List<BlobFileMeta> picked) => picked.Select(f => f.Number).ToArray();

    [Fact]
    public void Flush_sized_files_of_a_small_write_buffer_are_not_small_any_more_but_gc_remainders_are()
    {
        // The deep 16 KiB shape: 2 MiB write buffers, so every flush makes a ~2 MiB blob file, below Titan's 8 MiB.
        var o = new TitanOptions { WriteBufferSizes = [2 * Mb] };
        Assert.Equal(8 * Mb, o.MergeSmallFileThreshold);
        var (files, t) = LiveFiles(2 * Mb, 2 * Mb, 2 * Mb);
        // Titan's absolute rule: every one is "small" and GC would rewrite all three, garbage or not.
        Assert.Equal([1L, 2L, 3L], Numbers(BlobGcPicker.Pick(files, t, o, new HashSet<long>())));
        Assert.Equal([1L, 2L, 3L], Numbers(BlobGcPicker.Pick(files, t, o, new HashSet<long>(), new SmallBlobFileThreshold(o with { MergeSmallFileRatio = 0 }).For)));

        // Relative: small means below a quarter of a flush's blob file, expected from the write buffer before any flush...
        var small = new SmallBlobFileThreshold(o);
        Assert.Equal(Mb / 2, small.For(0));
        Assert.Empty(BlobGcPicker.Pick(files, t, o, new HashSet<long>(), small.For));
        // ... and learnt from the flushes once they run (here smaller than the buffer: part of the values stay inline).
        small.OnFlushOutput(0, [new BlobFileMeta(10, 0, (long)(1.6 * Mb), 0, 1)]);
        Assert.Equal((long)(0.4 * Mb), small.For(0));
        Assert.Empty(BlobGcPicker.Pick(files, t, o, new HashSet<long>(), small.For));

        // Genuinely small files (two GC remainders of 100 KiB) still merge, even without garbage; the flush-sized ones stay.
        var (mixed, t2) = LiveFiles(2 * Mb, 100 << 10, 2 * Mb, 100 << 10);
        Assert.Equal([2L, 4L], Numbers(BlobGcPicker.Pick(mixed, t2, o, new HashSet<long>(), small.For)).Order().ToArray());
        // A lone small file without garbage is left alone.
        var (lone, t3) = LiveFiles(2 * Mb, 100 << 10);
        Assert.Empty(BlobGcPicker.Pick(lone, t3, o, new HashSet<long>(), small.For));
    }

    [Fact]
    public void The_flush_file_size_is_the_largest_of_the_recent_flushes_and_never_exceeds_the_absolute_threshold()
    {
        var o = new TitanOptions { WriteBufferSizes = [64 * Mb, 2 * Mb], BlobFileTargetSize = 256 * Mb };
        var small = new SmallBlobFileThreshold(o);
        // RocksDB's default 64 MiB buffer: a quarter is 16 MiB, so Titan's 8 MiB applies unchanged.
        Assert.Equal(8 * Mb, small.For(0));
        Assert.Equal(Mb / 2, small.For(1));
        // A flush cut at blob_file_target_size counts with its largest file; a small flush (close, WAL replay) does not shrink it.
        small.OnFlushOutput(1, [new BlobFileMeta(1, 1, 4 * Mb, 0, 1), new BlobFileMeta(2, 1, Mb, 0, 1)]);
        small.OnFlushOutput(1, [new BlobFileMeta(3, 1, 64 << 10, 0, 1)]);
        Assert.Equal(4 * Mb, small.FlushFileSize(1));
        Assert.Equal(Mb, small.For(1));
        // The window slides: after Window flushes of 2 MiB the 4 MiB one is forgotten.
        for (var i = 0; i < SmallBlobFileThreshold.Window; i++) small.OnFlushOutput(1, [new BlobFileMeta(10 + i, 1, 2 * Mb, 0, 1)]);
        Assert.Equal(2 * Mb, small.FlushFileSize(1));
        // Column families learn apart; a flush that separated nothing teaches nothing.
        small.OnFlushOutput(1, []);
        Assert.Equal(8 * Mb, small.For(0));
        // A buffer larger than blob_file_target_size: flush files are cut at the target size.
        var capped = new SmallBlobFileThreshold(new TitanOptions { WriteBufferSizes = [64 * Mb], BlobFileTargetSize = 8 * Mb, MergeSmallFileThreshold = 8 * Mb });
        Assert.Equal(2 * Mb, capped.For(0));
    }
}
