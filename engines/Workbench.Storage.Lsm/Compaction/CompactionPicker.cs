using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// Leveled compaction picking (RocksDB's VersionStorageInfo::ComputeCompactionScore and
/// LevelCompactionPicker): score L0 = file count / level0_file_num_compaction_trigger (with dynamic
/// sizing at least L0 bytes / the base level's size, as RocksDB), score Ln = level bytes not being compacted / the level's target
/// (<see cref="LevelTargets"/>); with dynamic level sizing RocksDB's scaled scores, which rank L0 and
/// levels with little incoming data first. Levels are tried best score first while the score is
/// ≥ 1. L0 compactions take every L0 file into the base level. Ln compactions follow RocksDB's
/// LevelCompactionBuilder: files tried in compaction_pri order (default kMinOverlappingRatio), the
/// first free one expanded to a clean cut, the overlapping output-level files added, then the
/// start level grown within max_compaction_bytes (SetupOtherInputs) or a trivial move extended. A compaction is not picked when one of its files is being
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
        // RocksDB's LevelCompactionBuilder::PickFileToCompact: files in compaction_pri order; the first
        // one whose clean-cut inputs and output-level files are free, grown by SetupOtherInputs.
        var next = v.Files[cf.Id][outputLevel];
        var o = cf.Options;
        var roundRobin = o.CompactionPri == CompactionPri.RoundRobin;
        foreach (var index in FilesByCompactionPri(o.CompactionPri, files, next, cf.CompactPointers[level]))
        {
            if (files[index].BeingCompacted)
            {
                if (roundRobin) return null; // the cursor's file must go next: wait for it
                continue;
            }
            int lo = index, hi = index;
            ExpandToCleanCut(files, ref lo, ref hi);
            if (AnyCompacting(files, lo, hi) || OutputRangeBusy(cf.Id, level, outputLevel, files, lo, hi, running))
            {
                if (roundRobin) return null;
                continue;
            }
            var (olo, ohi) = OverlapRange(next, files[lo].SmallestUserKey, files[hi].LargestUserKey);
            if (olo <= ohi)
            {
                ExpandToCleanCut(next, ref olo, ref ohi);
                if (AnyCompacting(next, olo, ohi))
                {
                    if (roundRobin) return null;
                    continue;
                }
                SetupOtherInputs(o, files, next, ref lo, ref hi, olo, ohi, onlyRight: roundRobin);
            }
            else if (lo == hi) ExtendTrivialMove(o, files, next, lo, ref hi);
            var c = new CompactionInputs(cf.Id, level, outputLevel, Slice(files, lo, hi), olo <= ohi ? Slice(next, olo, ohi) : [], Manual: false, score);
            if (Collides(c, running))
            {
                if (roundRobin) return null;
                continue;
            }
            return c;
        }
        return null;
    }

    /// <summary>
    /// RocksDB's VersionStorageInfo::UpdateFilesByCompactionPri for one level (files sorted by key,
    /// L1+): the indexes of <paramref name="files"/> in the order <paramref name="pri"/> tries them.
    /// kMinOverlappingRatio ranks by next-level overlapping bytes × 1024 / file bytes (integer, as
    /// RocksDB), ties to the smaller key; kRoundRobin starts at the first file past
    /// <paramref name="cursor"/> (the largest key of the level's last compaction) and wraps.
    /// </summary>
    internal static int[] FilesByCompactionPri(CompactionPri pri, FileMetadata[] files, FileMetadata[] next, byte[]? cursor)
    {
        var order = new int[files.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        if (files.Length < 2) return order;
        if (pri == CompactionPri.RoundRobin)
        {
            var first = 0;
            if (cursor is not null)
                while (first < files.Length && InternalKey.Compare(files[first].Largest, cursor) <= 0) first++;
            if (first == files.Length) first = 0;
            for (var i = 0; i < order.Length; i++) order[i] = (first + i) % files.Length;
            return order;
        }
        var keys = new ulong[files.Length];
        switch (pri)
        {
            case CompactionPri.ByCompensatedSize:
                for (var i = 0; i < files.Length; i++) keys[i] = ulong.MaxValue - (ulong)files[i].Size; // largest first
                break;
            case CompactionPri.OldestLargestSeqFirst:
                for (var i = 0; i < files.Length; i++) keys[i] = (ulong)files[i].LargestSequence;
                break;
            case CompactionPri.OldestSmallestSeqFirst:
                for (var i = 0; i < files.Length; i++) keys[i] = (ulong)files[i].SmallestSequence;
                break;
            default:
                var j = 0;
                for (var i = 0; i < files.Length; i++)
                {
                    var f = files[i];
                    // One merge walk: next-level files before f are skipped for good; one that reaches
                    // past f's end is counted and kept for the following file, as RocksDB's walk.
                    while (j < next.Length && next[j].LargestUserKey.SequenceCompareTo(f.SmallestUserKey) < 0) j++;
                    ulong overlap = 0;
                    for (var k = j; k < next.Length && next[k].SmallestUserKey.SequenceCompareTo(f.LargestUserKey) <= 0; k++)
                    {
                        overlap += (ulong)next[k].Size;
                        if (next[k].LargestUserKey.SequenceCompareTo(f.LargestUserKey) > 0) break;
                        j = k + 1;
                    }
                    keys[i] = overlap * 1024 / (ulong)Math.Max(1L, f.Size);
                }
                break;
        }
        // Stable: equal keys keep key order (RocksDB breaks overlap-ratio ties by the smaller key).
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        return order;
    }

    /// <summary>
    /// RocksDB's ExpandInputsToCleanCut for a sorted level: grows [lo, hi] while a neighbour shares a
    /// boundary user key, so the versions of one user key are never split between a compaction's
    /// inputs and a file left at the level (the left-over older version would shadow the moved newer one).
    /// </summary>
    internal static void ExpandToCleanCut(FileMetadata[] files, ref int lo, ref int hi)
    {
        while (lo > 0 && files[lo - 1].LargestUserKey.SequenceCompareTo(files[lo].SmallestUserKey) == 0) lo--;
        while (hi < files.Length - 1 && files[hi].LargestUserKey.SequenceCompareTo(files[hi + 1].SmallestUserKey) == 0) hi++;
    }

    /// <summary>
    /// RocksDB's CompactionPicker::SetupOtherInputs, the start-level growth: with the output-level
    /// files [olo, ohi] fixed, take every start-level file overlapping the whole compaction's key
    /// range (clean-cut) when that adds no output-level file; failing that, the clean-cut files lying
    /// entirely inside the range (GetCleanInputsWithinInterval, which never adds one). Either only while
    /// no file is being compacted and input plus output-level bytes stay below max_compaction_bytes.
    /// <paramref name="onlyRight"/> (kRoundRobin) grows the overlapping set towards larger keys only.
    /// </summary>
    internal static void SetupOtherInputs(ColumnFamilyOptions o, FileMetadata[] files, FileMetadata[] next, ref int lo, ref int hi, int olo, int ohi, bool onlyRight = false)
    {
        var limit = o.EffectiveMaxCompactionBytes;
        var outputBytes = Sum(next, olo, ohi);
        var allLo = Min(files[lo].SmallestUserKey, next[olo].SmallestUserKey);
        var allHi = Max(files[hi].LargestUserKey, next[ohi].LargestUserKey);
        var (elo, ehi) = OverlapRange(files, onlyRight ? files[lo].SmallestUserKey : allLo, allHi);
        ExpandToCleanCut(files, ref elo, ref ehi);
        if (elo <= lo && ehi >= hi && ehi - elo > hi - lo && outputBytes + Sum(files, elo, ehi) < limit && !AnyCompacting(files, elo, ehi))
        {
            var (nlo, nhi) = OverlapRange(next, files[elo].SmallestUserKey, files[ehi].LargestUserKey);
            ExpandToCleanCut(next, ref nlo, ref nhi);
            if (!AnyCompacting(next, nlo, nhi) && nhi - nlo == ohi - olo)
            {
                lo = elo;
                hi = ehi;
                return;
            }
        }
        var (wlo, whi) = CleanWithin(files, allLo, allHi);
        if (wlo <= lo && whi >= hi && whi - wlo > hi - lo && outputBytes + Sum(files, wlo, whi) < limit && !AnyCompacting(files, wlo, whi))
        {
            lo = wlo;
            hi = whi;
        }
    }

    /// <summary>
    /// RocksDB's TryExtendNonL0TrivialMove: a single start file with nothing under it at the output
    /// level takes its right-hand neighbours along while they too overlap nothing there, end on a
    /// clean cut, are not being compacted, and the total stays within max_compaction_bytes — at most
    /// 4 files, so one move does not load the next level with too much at once.
    /// </summary>
    internal static void ExtendTrivialMove(ColumnFamilyOptions o, FileMetadata[] files, FileMetadata[] next, int lo, ref int hi)
    {
        const int maxMultiTrivialMove = 4;
        var total = files[lo].Size;
        for (var i = lo + 1; i < files.Length && i - lo + 1 <= maxMultiTrivialMove; i++)
        {
            var (olo, ohi) = OverlapRange(next, files[lo].SmallestUserKey, files[i].LargestUserKey);
            if (olo <= ohi || files[i].BeingCompacted) break;
            if (i < files.Length - 1 && files[i].LargestUserKey.SequenceCompareTo(files[i + 1].SmallestUserKey) == 0) break;
            total += files[i].Size;
            if (total > o.EffectiveMaxCompactionBytes) break;
            hi = i;
        }
    }

    /// <summary>Indexes [first, last] of the files of a sorted level overlapping user keys [lo, hi]; first &gt; last when none.</summary>
    internal static (int First, int Last) OverlapRange(FileMetadata[] files, ReadOnlySpan<byte> lo, ReadOnlySpan<byte> hi)
    {
        int a = 0, b = files.Length;
        while (a < b)
        {
            var m = (a + b) >>> 1;
            if (files[m].LargestUserKey.SequenceCompareTo(lo) < 0) a = m + 1;
            else b = m;
        }
        var first = a;
        var last = first - 1;
        while (last + 1 < files.Length && files[last + 1].SmallestUserKey.SequenceCompareTo(hi) <= 0) last++;
        return (first, last);
    }

    /// <summary>
    /// RocksDB's GetCleanInputsWithinInterval: the files of a sorted level lying entirely inside user
    /// keys [lo, hi], less any at either end that shares a boundary user key with a file outside.
    /// </summary>
    private static (int First, int Last) CleanWithin(FileMetadata[] files, ReadOnlySpan<byte> lo, ReadOnlySpan<byte> hi)
    {
        var (first, last) = OverlapRange(files, lo, hi);
        if (first <= last && files[first].SmallestUserKey.SequenceCompareTo(lo) < 0) first++;
        if (first <= last && files[last].LargestUserKey.SequenceCompareTo(hi) > 0) last--;
        while (first <= last && first > 0 && files[first - 1].LargestUserKey.SequenceCompareTo(files[first].SmallestUserKey) == 0) first++;
        while (first <= last && last < files.Length - 1 && files[last].LargestUserKey.SequenceCompareTo(files[last + 1].SmallestUserKey) == 0) last--;
        return (first, last);
    }

    /// <summary>RocksDB's FilesRangeOverlapWithCompaction for the start-level pick: its range at the output level is being written by a running compaction.</summary>
    private static bool OutputRangeBusy(int cf, int level, int outputLevel, FileMetadata[] files, int lo, int hi, IReadOnlyList<CompactionInputs>? running) =>
        running is { Count: > 0 } && Collides(new CompactionInputs(cf, level, outputLevel, Slice(files, lo, hi), [], Manual: false, 0), running);

    private static bool AnyCompacting(FileMetadata[] files, int lo, int hi)
    {
        for (var i = lo; i <= hi; i++)
            if (files[i].BeingCompacted) return true;
        return false;
    }

    private static long Sum(FileMetadata[] files, int lo, int hi)
    {
        long b = 0;
        for (var i = lo; i <= hi; i++) b += files[i].Size;
        return b;
    }

    private static List<FileMetadata> Slice(FileMetadata[] files, int lo, int hi)
    {
        var list = new List<FileMetadata>(hi - lo + 1);
        for (var i = lo; i <= hi; i++) list.Add(files[i]);
        return list;
    }

    private static ReadOnlySpan<byte> Min(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b) <= 0 ? a : b;

    private static ReadOnlySpan<byte> Max(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => a.SequenceCompareTo(b) >= 0 ? a : b;

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

    /// <summary>
    /// Adds the files of <paramref name="outputLevel"/> overlapping <paramref name="inputs"/>, expanded
    /// to a clean cut (no output-level file left behind that shares a boundary user key with one taken).
    /// </summary>
    public static CompactionInputs WithOutputLevel(int cf, LsmVersion v, int level, int outputLevel, List<FileMetadata> inputs, bool manual, double score)
    {
        byte[]? lo = null, hi = null;
        foreach (var f in inputs)
        {
            if (lo is null || f.SmallestUserKey.SequenceCompareTo(lo) < 0) lo = f.SmallestUserKey.ToArray();
            if (hi is null || f.LargestUserKey.SequenceCompareTo(hi) > 0) hi = f.LargestUserKey.ToArray();
        }
        List<FileMetadata> next;
        if (outputLevel == 0 || lo is null || hi is null) next = v.Overlapping(cf, outputLevel, lo, hi);
        else
        {
            var files = v.Files[cf][outputLevel];
            var (first, last) = OverlapRange(files, lo, hi);
            if (first <= last) ExpandToCleanCut(files, ref first, ref last);
            next = first <= last ? Slice(files, first, last) : [];
        }
        return new CompactionInputs(cf, level, outputLevel, inputs, next, manual, score);
    }
}
