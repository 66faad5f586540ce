using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// Leveled compaction picking (RocksDB's VersionStorageInfo::ComputeCompactionScore and
/// LevelCompactionPicker): score L0 = file count / level0_file_num_compaction_trigger (with dynamic
/// sizing at least L0 bytes / the base level's size, as RocksDB), score Ln = level bytes not being compacted / the level's target
/// (<see cref="LevelTargets"/>); with dynamic level sizing RocksDB's scaled scores, which rank L0 and
/// levels with little incoming data first. Levels are tried best score first while the score is
/// ≥ 1. L0 compactions take every L0 file into the base level; Ln compactions take the one file with
/// the smallest overlap ratio with the next level (RocksDB's kMinOverlappingRatio). Both add the
/// overlapping files of the output level. A compaction is not picked when one of its files is being
/// compacted or its key range at its input or output level overlaps a running compaction's output,
/// so concurrent compactions of one column family never touch the same keys of a level.
/// Stateless; called under the engine mutex.
/// </summary>
internal static class CompactionPicker
{
    /// <summary>RocksDB's kScoreScale: dynamic sizing multiplies scores above 1 by it.</summary>
    private const double ScoreScale = 10.0;

    public static double Score(ColumnFamilyState cf, LsmVersion v, int level) => Scores(cf, v)[level];

    /// <summary>The score of every level but the last (which is never compacted out of), index = level.</summary>
    public static double[] Scores(ColumnFamilyState cf, LsmVersion v)
    {
        var o = cf.Options;
        var files = v.Files[cf.Id];
        var targets = v.Targets(cf.Id, o);
        var scores = new double[files.Length];
        var dynamic = o.LevelCompactionDynamicLevelBytes;
        // L0 first: what it will push down de-prioritizes levels that receive a lot (dynamic only).
        double downcompact = 0;
        long l0Size = 0;
        var l0Runs = 0;
        foreach (var f in files[0])
        {
            downcompact += f.Size;
            if (f.BeingCompacted) continue;
            l0Size += f.Size;
            l0Runs++;
        }
        var l0Score = (double)l0Runs / o.Level0FileNumCompactionTrigger;
        if (files.Length > 1)
        {
            if (dynamic)
            {
                if (l0Size >= o.MaxBytesForLevelBase) l0Score = Math.Max(l0Score, 1.01);
                var baseTarget = targets.MaxBytesForLevel(targets.BaseLevel);
                if (l0Size > baseTarget)
                {
                    // L0 larger than the base level's target: compare it with the base level's actual size, so L0 → base wins over base → base+1.
                    var baseSize = (double)Bytes(files[targets.BaseLevel], notCompacting: true);
                    l0Score = Math.Max(l0Score, l0Size / Math.Max(baseSize, baseTarget));
                }
                if (l0Score > 1) l0Score *= ScoreScale;
            }
            // Static sizing keeps the engine's file-count score (RocksDB also weighs L0 bytes against
            // max_bytes_for_level_base there; tests and earlier measurements rely on the count alone).
        }
        scores[0] = l0Score;
        for (var l = 1; l < files.Length - 1; l++)
        {
            long notCompacting = 0, total = 0;
            foreach (var f in files[l])
            {
                total += f.Size;
                if (!f.BeingCompacted) notCompacting += f.Size;
            }
            var target = targets.MaxBytesForLevel(l);
            double score;
            if (!dynamic) score = notCompacting / target;
            else
            {
                score = notCompacting < target ? notCompacting / target : notCompacting / (target + downcompact) * ScoreScale;
                // Levels dynamic sizing leaves empty are drained, after L0.
                if (notCompacting > 0 && l <= targets.LowestUnnecessaryLevel)
                    score = Math.Max(score, ScoreScale * (1.001 + 0.001 * (targets.LowestUnnecessaryLevel - l)));
                if (l <= targets.LowestUnnecessaryLevel) downcompact += total;
                else if (total > target) downcompact += total - target;
            }
            scores[l] = score;
        }
        return scores;
    }

    /// <summary>
    /// RocksDB's VersionStorageInfo::EstimateCompactionBytesNeeded for leveled compaction: the bytes
    /// compaction must still read and write to bring every level under its target. L0 counts (with
    /// all of the base level, which an L0 compaction rewrites) once it reaches its trigger; then, level
    /// by level from the base level, what exceeds the target (including what the level above will
    /// push down) is charged with the fan-out to the next level plus one. Drives the soft/hard
    /// pending-compaction-bytes write stalls.
    /// </summary>
    public static long EstimatePendingCompactionBytes(ColumnFamilyState cf, LsmVersion v)
    {
        var files = v.Files[cf.Id];
        var numLevels = files.Length;
        var targets = v.Targets(cf.Id, cf.Options);
        double levelSize = Bytes(files[0], notCompacting: false);
        double pending = 0;
        double toNext = 0;
        var l0Triggered = false;
        if (files[0].Length >= cf.Options.Level0FileNumCompactionTrigger || levelSize >= cf.Options.MaxBytesForLevelBase)
        {
            l0Triggered = true;
            pending = levelSize;
            toNext = levelSize;
        }
        double nextLevelBytes = 0;
        for (var l = targets.BaseLevel; l <= numLevels - 2; l++)
        {
            if (nextLevelBytes > 0)
            {
                levelSize = nextLevelBytes;
                nextLevelBytes = 0;
            }
            else levelSize = Bytes(files[l], notCompacting: false);
            if (l == targets.BaseLevel && l0Triggered) pending += levelSize;
            levelSize += toNext;
            toNext = 0;
            var target = targets.MaxBytesForLevel(l);
            if (levelSize <= target) continue;
            toNext = levelSize - target;
            nextLevelBytes = Bytes(files[l + 1], notCompacting: false);
            if (nextLevelBytes > 0) pending += toNext * (nextLevelBytes / levelSize + 1);
        }
        return pending >= long.MaxValue ? long.MaxValue : (long)pending;
    }

    private static long Bytes(FileMetadata[] files, bool notCompacting)
    {
        long b = 0;
        foreach (var f in files)
            if (!notCompacting || !f.BeingCompacted) b += f.Size;
        return b;
    }

    /// <summary>
    /// The best compaction of <paramref name="cf"/> that does not collide with <paramref name="running"/>
    /// (compactions of this column family in progress), or null.
    /// </summary>
    public static CompactionInputs? Pick(ColumnFamilyState cf, LsmVersion v, IReadOnlyList<CompactionInputs>? running = null)
    {
        var scores = Scores(cf, v);
        var levels = v.NumLevels(cf.Id);
        var targets = v.Targets(cf.Id, cf.Options);
        Span<bool> tried = stackalloc bool[levels];
        while (true)
        {
            var best = -1;
            var bestScore = 1.0 - 1e-9;
            for (var l = 0; l < levels - 1; l++)
            {
                if (tried[l] || scores[l] <= bestScore) continue;
                bestScore = scores[l];
                best = l;
            }
            if (best < 0) return null;
            tried[best] = true;
            if (TryPickLevel(cf, v, best, best == 0 ? targets.BaseLevel : best + 1, bestScore, running) is { } c) return c;
        }
    }

    private static CompactionInputs? TryPickLevel(ColumnFamilyState cf, LsmVersion v, int level, int outputLevel, double score, IReadOnlyList<CompactionInputs>? running)
    {
        var files = v.Files[cf.Id][level];
        if (level == 0)
        {
            // L0 files overlap: all of them go at once, and not while an earlier L0 compaction runs.
            foreach (var f in files)
                if (f.BeingCompacted) return null;
            if (files.Length == 0) return null;
            var c = WithOutputLevel(cf.Id, v, 0, outputLevel, [.. files], manual: false, score);
            return Collides(c, running) ? null : c;
        }
        // RocksDB's default compaction_pri (kMinOverlappingRatio): the file whose key range
        // overlaps the fewest bytes of the next level per byte of its own, i.e. the cheapest
        // rewrite; ties go to the file after the level's compact pointer (round-robin).
        var next = v.Files[cf.Id][outputLevel];
        var pointer = cf.CompactPointers[level];
        CompactionInputs? pick = null;
        var bestRatio = double.MaxValue;
        var afterPointer = false;
        foreach (var f in files)
        {
            if (f.BeingCompacted) continue;
            long overlap = 0;
            var busy = false;
            foreach (var g in next)
                if (g.LargestUserKey.SequenceCompareTo(f.SmallestUserKey) >= 0 && g.SmallestUserKey.SequenceCompareTo(f.LargestUserKey) <= 0)
                {
                    overlap += g.Size;
                    busy |= g.BeingCompacted;
                }
            if (busy) continue;
            var ratio = (double)overlap / Math.Max(1, f.Size);
            var pastPointer = pointer is null || InternalKey.Compare(f.Largest, pointer) > 0;
            if (ratio < bestRatio || (ratio == bestRatio && pastPointer && !afterPointer))
            {
                var c = WithOutputLevel(cf.Id, v, level, outputLevel, [f], manual: false, score);
                if (Collides(c, running)) continue;
                bestRatio = ratio;
                pick = c;
                afterPointer = pastPointer;
            }
        }
        return pick is null ? null : Expanded(cf, v, pick, running);
    }

    /// <summary>
    /// LevelDB's SetupOtherInputs / RocksDB's expansion of the start level: the input level's files
    /// inside the key range the output-level files already span join the compaction when that
    /// picks up no further output-level file, no file being compacted and stays under
    /// max_compaction_bytes (25 × the target file size) — more bytes moved down per byte of the next
    /// level rewritten.
    /// </summary>
    private static CompactionInputs Expanded(ColumnFamilyState cf, LsmVersion v, CompactionInputs c, IReadOnlyList<CompactionInputs>? running)
    {
        if (c.OutputLevelInputs.Count == 0) return c;
        var (lo, hi) = c.UserKeyRange();
        var grown = v.Overlapping(cf.Id, c.Level, lo, hi);
        if (grown.Count <= c.Inputs.Count) return c;
        long bytes = 0;
        foreach (var f in grown)
        {
            if (f.BeingCompacted) return c;
            bytes += f.Size;
        }
        foreach (var f in c.OutputLevelInputs) bytes += f.Size;
        if (bytes > 25 * cf.Options.TargetFileSize(c.OutputLevel, v.Targets(cf.Id, cf.Options).BaseLevel)) return c;
        var expanded = WithOutputLevel(cf.Id, v, c.Level, c.OutputLevel, grown, c.Manual, c.Score);
        if (expanded.OutputLevelInputs.Count != c.OutputLevelInputs.Count || Collides(expanded, running)) return c;
        return expanded;
    }

    /// <summary>
    /// True when <paramref name="c"/>'s key range overlaps the range a running compaction writes, at
    /// c's input or output level (its outputs are not in the version yet, so file flags cannot say).
    /// </summary>
    public static bool Collides(CompactionInputs c, IReadOnlyList<CompactionInputs>? running)
    {
        if (running is null || running.Count == 0) return false;
        var (lo, hi) = c.UserKeyRange();
        foreach (var r in running)
        {
            if (r.Cf != c.Cf) continue;
            var shareLevel = r.Level == c.Level || r.Level == c.OutputLevel || r.OutputLevel == c.Level || r.OutputLevel == c.OutputLevel;
            if (!shareLevel) continue;
            var (rlo, rhi) = r.UserKeyRange();
            if (lo.AsSpan().SequenceCompareTo(rhi) <= 0 && rlo.AsSpan().SequenceCompareTo(hi) <= 0) return true;
        }
        return false;
    }

    /// <summary>Adds the files of <paramref name="outputLevel"/> overlapping <paramref name="inputs"/>.</summary>
    public static CompactionInputs WithOutputLevel(int cf, LsmVersion v, int level, int outputLevel, List<FileMetadata> inputs, bool manual, double score)
    {
        byte[]? lo = null, hi = null;
        foreach (var f in inputs)
        {
            if (lo is null || f.SmallestUserKey.SequenceCompareTo(lo) < 0) lo = f.SmallestUserKey.ToArray();
            if (hi is null || f.LargestUserKey.SequenceCompareTo(hi) > 0) hi = f.LargestUserKey.ToArray();
        }
        var next = v.Overlapping(cf, outputLevel, lo, hi);
        return new CompactionInputs(cf, level, outputLevel, inputs, next, manual, score);
    }
}
