namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Chooses blob files for one GC run (Titan's BasicBlobGCPicker): sealed files of one column family,
/// highest discardable ratio first; "small" files always qualify (below the column family's
/// <see cref="SmallBlobFileThreshold"/>: merge_small_file_threshold, capped relative to the blob
/// files flushes produce); otherwise stop at the first file below blob_file_discardable_ratio. The batch is bounded by
/// max_gc_batch_size of input and by blob_file_target_size of expected live output. With level
/// merge on, GC copies nothing: it takes only files no SST references any more (compactions move
/// the survivors of shallower or mostly-dead files). Stateless.
/// </summary>
internal static class BlobGcPicker
{
    /// <summary>Picks with merge_small_file_threshold as the absolute bound for every column family (Titan's rule).</summary>
    public static List<BlobFileMeta> Pick(IReadOnlyList<BlobFileMeta> files, BlobGarbageTracker tracker, TitanOptions o, ISet<long> busy) =>
        Pick(files, tracker, o, busy, _ => o.MergeSmallFileThreshold);

    /// <summary>Picks; <paramref name="smallFileThreshold"/> gives, per column family, the size below which a file is small.</summary>
    public static List<BlobFileMeta> Pick(IReadOnlyList<BlobFileMeta> files, BlobGarbageTracker tracker, TitanOptions o, ISet<long> busy, Func<int, long> smallFileThreshold)
    {
        var candidates = new List<(BlobFileMeta File, double Ratio)>();
        foreach (var f in files)
            if (tracker.IsSealed(f.Number) && !busy.Contains(f.Number)) candidates.Add((f, tracker.DiscardableRatio(f)));
        // Highest ratio first; ties: smaller files first (cheaper to merge), then older.
        candidates.Sort((a, b) => a.Ratio != b.Ratio ? b.Ratio.CompareTo(a.Ratio) : a.File.FileSize != b.File.FileSize ? a.File.FileSize.CompareTo(b.File.FileSize) : a.File.Number.CompareTo(b.File.Number));
        var picked = new List<BlobFileMeta>();
        int? cf = null;
        long input = 0, output = 0;
        var smallOnly = 0;
        foreach (var (f, ratio) in candidates)
        {
            if (o.LevelMerge && o.Mode == TitanMode.Normal && tracker.LiveBytes(f.Number) > 0) continue;
            var small = f.FileSize < smallFileThreshold(f.ColumnFamily);
            if (!small && ratio < o.BlobFileDiscardableRatio) continue;
            if (cf is not null && f.ColumnFamily != cf) continue;
            var live = (long)((1 - ratio) * f.DataBytes);
            if (picked.Count > 0 && (input + f.FileSize > o.MaxGcBatchSize || output + live > o.BlobFileTargetSize)) break;
            picked.Add(f);
            cf = f.ColumnFamily;
            input += f.FileSize;
            output += live;
            if (small && ratio < o.BlobFileDiscardableRatio) smallOnly++;
        }
        // A lone small file with little garbage gains nothing from a rewrite: only merge small files in groups.
        if (picked.Count == 1 && smallOnly == 1) picked.Clear();
        return picked;
    }
}
