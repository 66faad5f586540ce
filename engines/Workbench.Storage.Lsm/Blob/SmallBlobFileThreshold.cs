namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// When a blob file counts as "small" for GC (always qualifies, merged with others whatever its
/// garbage): below min(merge_small_file_threshold, merge_small_file_ratio × the size of the blob
/// files this column family's flushes produce). Titan's threshold is absolute (8 MiB), which fits
/// TiKV's 128 MiB write buffers; at a 2 MiB write buffer every flush makes a ~2 MiB blob file, so
/// every file was "small" and GC rewrote each of them regardless of garbage (1.89 bytes per user
/// byte at the deep 16 KiB shape). Relative to what flushes actually produce, only genuinely small
/// files qualify: GC remainders, flushes of nearly empty memtables (close, manual flush, WAL replay).
/// <para>
/// The flush size is the largest blob file among the column family's last <see cref="Window"/>
/// flushes (a flush cut at blob_file_target_size counts with its largest file), so one small
/// flush does not shrink it; before any flush has been seen (after open) it is
/// min(write_buffer_size, blob_file_target_size). Thread-safe (one lock); deterministic given the
/// sequence of flushes.
/// </para>
/// </summary>
internal sealed class SmallBlobFileThreshold
{
    /// <summary>How many recent flushes define the column family's flush blob file size.</summary>
    public const int Window = 8;

    private readonly object _lock = new();
    private readonly TitanOptions _options;
    private readonly Dictionary<int, Queue<long>> _recentFlushes = [];

    public SmallBlobFileThreshold(TitanOptions options)
    {
        _options = options;
    }

    /// <summary>Records the blob files one flush of column family <paramref name="cf"/> wrote (none: nothing to learn).</summary>
    public void OnFlushOutput(int cf, IReadOnlyList<BlobFileMeta> files)
    {
        long largest = 0;
        foreach (var f in files) largest = Math.Max(largest, f.FileSize);
        if (largest == 0) return;
        lock (_lock)
        {
            if (!_recentFlushes.TryGetValue(cf, out var q)) _recentFlushes[cf] = q = new Queue<long>(Window + 1);
            q.Enqueue(largest);
            if (q.Count > Window) q.Dequeue();
        }
    }

    /// <summary>The size of the blob files column family <paramref name="cf"/>'s flushes produce (learnt, else expected).</summary>
    public long FlushFileSize(int cf)
    {
        lock (_lock)
        {
            if (_recentFlushes.TryGetValue(cf, out var q) && q.Count > 0)
            {
                long max = 0;
                foreach (var s in q) max = Math.Max(max, s);
                return max;
            }
        }
        var buffers = _options.WriteBufferSizes;
        var buffer = cf >= 0 && cf < buffers.Count ? buffers[cf] : _options.BlobFileTargetSize;
        return Math.Min(buffer, _options.BlobFileTargetSize);
    }

    /// <summary>Files of column family <paramref name="cf"/> smaller than this are "small".</summary>
    public long For(int cf)
    {
        var absolute = _options.MergeSmallFileThreshold;
        if (_options.MergeSmallFileRatio <= 0) return absolute;
        return Math.Min(absolute, (long)(_options.MergeSmallFileRatio * FlushFileSize(cf)));
    }
}
