using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>A compaction chosen by the picker: files of <see cref="Level"/> merged with the overlapping files of <see cref="OutputLevel"/>.</summary>
internal sealed record CompactionInputs(int Cf, int Level, int OutputLevel, List<FileMetadata> Inputs, List<FileMetadata> OutputLevelInputs, bool Manual, double Score)
{
    /// <summary>
    /// Nothing at the output level to merge with: the inputs can be moved down as they are. One file
    /// from L0 (L0 files may overlap each other), any run of files from a sorted level (RocksDB's
    /// TryExtendNonL0TrivialMove).
    /// </summary>
    public bool IsTrivialMove => !Manual && OutputLevelInputs.Count == 0 && (Inputs.Count == 1 || (Level > 0 && Inputs.Count > 0));

    public IEnumerable<FileMetadata> AllInputs => Inputs.Concat(OutputLevelInputs);

    /// <summary>The smallest and largest user key of all inputs: the range the outputs can cover.</summary>
    public (byte[] Lo, byte[] Hi) UserKeyRange()
    {
        FileMetadata? lo = null, hi = null;
        foreach (var f in Inputs) Widen(f, ref lo, ref hi);
        foreach (var f in OutputLevelInputs) Widen(f, ref lo, ref hi);
        return lo is null || hi is null ? ([], []) : (lo.SmallestUserKey.ToArray(), hi.LargestUserKey.ToArray());
    }

    private static void Widen(FileMetadata f, ref FileMetadata? lo, ref FileMetadata? hi)
    {
        if (lo is null || f.SmallestUserKey.SequenceCompareTo(lo.SmallestUserKey) < 0) lo = f;
        if (hi is null || f.LargestUserKey.SequenceCompareTo(hi.LargestUserKey) > 0) hi = f;
    }
}
