namespace Workbench.Storage.Lsm.Version;

/// <summary>What replaying a MANIFEST yields, keyed by the column-family ids of the session that wrote it.</summary>
internal sealed class ManifestState
{
    public long ManifestNumber { get; init; }
    public Dictionary<int, string> ColumnFamilyNames { get; } = [];
    public Dictionary<int, long> LogNumbers { get; } = [];

    /// <summary>(cf, level) → files by number.</summary>
    public Dictionary<(int Cf, int Level), Dictionary<long, FileMetadata>> Files { get; } = [];
    public long NextFileNumber { get; set; } = 1;
    public long LastSequence { get; set; }
}
