using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>A compaction chosen by the picker: files of <see cref="Level"/> merged with the overlapping files of <see cref="OutputLevel"/>.</summary>
internal sealed record CompactionInputs(int Cf, int Level, int OutputLevel, List<FileMetadata> Inputs, List<FileMetadata> OutputLevelInputs, bool Manual, double Score)
{
    public bool IsTrivialMove => !Manual && OutputLevelInputs.Count == 0 && Inputs.Count == 1;

    public IEnumerable<FileMetadata> AllInputs => Inputs.Concat(OutputLevelInputs);
}
