using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// Leveled compaction picking (LevelDB/RocksDB): score L0 = file count / level0_file_num_compaction_trigger,
/// score Ln = level bytes / max_bytes_for_level(n); the highest score &gt;= 1 wins. L0 compactions take
/// every L0 file; Ln compactions take the one file with the smallest overlap ratio with the next level
/// (RocksDB's kMinOverlappingRatio).
/// Both add the overlapping files of the next level. Stateless; called under the engine mutex.
/// </summary>
internal static class CompactionPicker
{
    public static double Score(ColumnFamilyState cf, LsmVersion v, int level)
    {
        var files = v.Files[cf.Id][level];
        if (level == 0) return (double)files.Length / cf.Options.Level0FileNumCompactionTrigger;
        long bytes = 0;
        foreach (var f in files)
            if (!f.BeingCompacted) bytes += f.Size;
        return bytes / cf.Options.MaxBytesForLevel(level);
    }

    /// <summary>
    /// RocksDB's VersionStorageInfo::EstimateCompactionBytesNeeded for leveled compaction: the bytes
    /// compaction must still read and write to bring every level under its target. L0 counts (with
    /// all of L1, which an L0 compaction rewrites) once it reaches its trigger; then, level by level,
    /// what exceeds the target (including what the level above will push down) is charged with the
    /// fan-out to the next level plus one. Drives the soft/hard pending-compaction-bytes write stalls.
    /// </summary>
    public static long EstimatePendingCompactionBytes(ColumnFamilyState cf, LsmVersion v)
    {
        var files = v.Files[cf.Id];
        var levels = files.Length;
        long l0 = Bytes(files[0]);
        double pending = 0;
        double toNext = 0;
        if (files[0].Length >= cf.Options.Level0FileNumCompactionTrigger || l0 >= cf.Options.MaxBytesForLevelBase)
        {
            toNext = l0;
            pending = l0 + (levels > 1 ? Bytes(files[1]) : 0);
        }
        for (var l = 1; l < levels - 1; l++)
        {
            double size = Bytes(files[l]) + toNext;
            toNext = 0;
            var target = cf.Options.MaxBytesForLevel(l);
            if (size <= target) continue;
            toNext = size - target;
            var ratio = (double)Bytes(files[l + 1]) / Math.Max(1, size);
            pending += toNext * (ratio + 1);
        }
        return pending >= long.MaxValue ? long.MaxValue : (long)pending;
    }

    private static long Bytes(FileMetadata[] files)
    {
        long b = 0;
        foreach (var f in files) b += f.Size;
        return b;
    }

    public static CompactionInputs? Pick(ColumnFamilyState cf, LsmVersion v)
    {
        var levels = v.NumLevels(cf.Id);
        var best = -1;
        var bestScore = 1.0 - 1e-9;
        for (var l = 0; l < levels - 1; l++)
        {
            var s = Score(cf, v, l);
            if (s > bestScore)
            {
                bestScore = s;
                best = l;
            }
        }
        if (best < 0) return null;
        List<FileMetadata> inputs;
        if (best == 0) inputs = [.. v.Files[cf.Id][0]];
        else
        {
            // RocksDB's default compaction_pri (kMinOverlappingRatio): the file whose key range
            // overlaps the fewest bytes of the next level per byte of its own, i.e. the cheapest
            // rewrite; ties go to the file after the level's compact pointer (round-robin).
            var files = v.Files[cf.Id][best];
            var next = v.Files[cf.Id][best + 1];
            var pointer = cf.CompactPointers[best];
            FileMetadata? pick = null;
            var bestRatio = double.MaxValue;
            var afterPointer = false;
            foreach (var f in files)
            {
                if (f.BeingCompacted) continue;
                long overlap = 0;
                foreach (var g in next)
                    if (g.LargestUserKey.SequenceCompareTo(f.SmallestUserKey) >= 0 && g.SmallestUserKey.SequenceCompareTo(f.LargestUserKey) <= 0)
                        overlap += g.Size;
                var ratio = (double)overlap / Math.Max(1, f.Size);
                var pastPointer = pointer is null || InternalKey.Compare(f.Largest, pointer) > 0;
                if (ratio < bestRatio || (ratio == bestRatio && pastPointer && !afterPointer))
                {
                    bestRatio = ratio;
                    pick = f;
                    afterPointer = pastPointer;
                }
            }
            if (pick is null) return null;
            inputs = [pick];
        }
        return WithOutputLevel(cf.Id, v, best, inputs, manual: false, bestScore);
    }

    /// <summary>Adds the overlapping files of level + 1 to <paramref name="inputs"/>.</summary>
    public static CompactionInputs WithOutputLevel(int cf, LsmVersion v, int level, List<FileMetadata> inputs, bool manual, double score)
    {
        byte[]? lo = null, hi = null;
        foreach (var f in inputs)
        {
            if (lo is null || f.SmallestUserKey.SequenceCompareTo(lo) < 0) lo = f.SmallestUserKey.ToArray();
            if (hi is null || f.LargestUserKey.SequenceCompareTo(hi) > 0) hi = f.LargestUserKey.ToArray();
        }
        var next = v.Overlapping(cf, level + 1, lo, hi);
        return new CompactionInputs(cf, level, level + 1, inputs, next, manual, score);
    }
}
