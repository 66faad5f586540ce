using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// The size target of every level of one column family in one version, and the level L0 compacts
/// into. Static sizing (RocksDB's default before 8.4): the base level is L1 and level n's target is
/// max_bytes_for_level_base × multiplier^(n-1). With <see cref="ColumnFamilyOptions.LevelCompactionDynamicLevelBytes"/>
/// it is RocksDB's VersionStorageInfo::CalculateBaseBytes: the largest level's size sets the targets
/// from the bottom up, each level a multiplier smaller than the one below; the base level is the
/// highest level whose target is still above max_bytes_for_level_base / multiplier, and the levels
/// between L0 and it stay empty (their target is unbounded, so nothing is compacted into or out of
/// them). Immutable; computed once per version and column family.
/// </summary>
internal sealed class LevelTargets
{
    private LevelTargets(int baseLevel, double[] maxBytes, double multiplier, int lowestUnnecessaryLevel)
    {
        BaseLevel = baseLevel;
        _maxBytes = maxBytes;
        Multiplier = multiplier;
        LowestUnnecessaryLevel = lowestUnnecessaryLevel;
    }

    private readonly double[] _maxBytes;

    /// <summary>The level L0 compacts into (1 with static sizing).</summary>
    public int BaseLevel { get; }

    /// <summary>The growth factor between adjacent levels from the base level down (RocksDB's level_multiplier_; it differs from the option when L0 is larger than the base level's target).</summary>
    public double Multiplier { get; }

    /// <summary>
    /// RocksDB's lowest_unnecessary_level_: the deepest non-empty level above the base level that
    /// dynamic sizing would leave empty (a database reopened with dynamic sizing after static
    /// sizing); such levels are drained into the next level. -1 when there is none.
    /// </summary>
    public int LowestUnnecessaryLevel { get; }

    /// <summary>Size target of <paramref name="level"/> (level ≥ 1); <see cref="double.MaxValue"/> for the empty levels above the base level.</summary>
    public double MaxBytesForLevel(int level) => _maxBytes[level];

    /// <summary>The targets of the levels in <paramref name="levels"/> (all files of one column family, L0 first) under <paramref name="o"/>.</summary>
    public static LevelTargets Compute(ColumnFamilyOptions o, FileMetadata[][] levels)
    {
        var numLevels = levels.Length;
        var maxBytes = new double[numLevels];
        if (!o.LevelCompactionDynamicLevelBytes)
        {
            for (var l = 1; l < numLevels; l++) maxBytes[l] = o.MaxBytesForLevel(l);
            return new LevelTargets(1, maxBytes, o.MaxBytesForLevelMultiplier, -1);
        }
        return ComputeDynamic(o, levels.Length, l => Bytes(levels[l]), levels[0].Length);
    }

    /// <summary>
    /// Dynamic sizing from level byte counts alone (<paramref name="levelBytes"/>(l) for l in
    /// [0, numLevels)) — what <see cref="Compute"/> does with files, exposed so tests can give sizes.
    /// </summary>
    public static LevelTargets ComputeDynamic(ColumnFamilyOptions o, int numLevels, Func<int, long> levelBytes, int l0Files)
    {
        var maxBytes = new double[numLevels];
        for (var l = 0; l < numLevels; l++) maxBytes[l] = double.MaxValue;
        long maxLevelSize = 0;
        var firstNonEmpty = -1;
        for (var l = 1; l < numLevels; l++)
        {
            var total = levelBytes(l);
            if (total > 0 && firstNonEmpty == -1) firstNonEmpty = l;
            if (total > maxLevelSize) maxLevelSize = total;
        }
        var l0Size = levelBytes(0);
        var multiplier = o.MaxBytesForLevelMultiplier;
        if (maxLevelSize == 0) return new LevelTargets(numLevels - 1, maxBytes, multiplier, -1); // empty: L0 goes to the last level

        // RocksDB computes in uint64: each division truncates.
        var baseBytesMax = (ulong)o.MaxBytesForLevelBase;
        var baseBytesMin = (ulong)(baseBytesMax / multiplier);
        var curLevelSize = (ulong)maxLevelSize;
        var lowestUnnecessary = -1;
        for (var l = numLevels - 2; l >= firstNonEmpty; l--)
        {
            curLevelSize = (ulong)(curLevelSize / multiplier);
            if (lowestUnnecessary == -1 && curLevelSize <= baseBytesMin) lowestUnnecessary = l;
        }
        ulong baseLevelSize;
        int baseLevel;
        if (curLevelSize <= baseBytesMin)
        {
            // Even the first non-empty level's target would be below base/multiplier: keep it as the base.
            baseLevelSize = baseBytesMin + 1;
            baseLevel = firstNonEmpty;
        }
        else
        {
            baseLevel = firstNonEmpty;
            while (baseLevel > 1 && curLevelSize > baseBytesMax)
            {
                baseLevel--;
                curLevelSize = (ulong)(curLevelSize / multiplier);
            }
            baseLevelSize = curLevelSize > baseBytesMax ? baseBytesMax : Math.Max(1UL, curLevelSize);
        }
        // A large L0 (a write burst) raises the base level's target and flattens the multiplier, so
        // L0 → base stays one compaction of comparable sizes.
        if (l0Size > 0 && (ulong)l0Size > baseLevelSize && ((ulong)l0Size > baseBytesMax || l0Files / 2 >= o.Level0FileNumCompactionTrigger))
        {
            baseLevelSize = (ulong)l0Size;
            multiplier = baseLevel == numLevels - 1 ? 1.0 : Math.Pow((double)maxLevelSize / baseLevelSize, 1.0 / (numLevels - baseLevel - 1));
        }
        double levelSize = baseLevelSize;
        for (var l = baseLevel; l < numLevels; l++)
        {
            if (l > baseLevel) levelSize = Math.Floor(levelSize * multiplier);
            // Never below max_bytes_for_level_base: an hourglass (L1+ smaller than L0) would make the
            // scores favour L1+ over L0 until L0 stalls writes.
            maxBytes[l] = Math.Max(levelSize, baseBytesMax);
        }
        return new LevelTargets(baseLevel, maxBytes, multiplier, lowestUnnecessary);
    }

    private static long Bytes(FileMetadata[] files)
    {
        long b = 0;
        foreach (var f in files) b += f.Size;
        return b;
    }
}
