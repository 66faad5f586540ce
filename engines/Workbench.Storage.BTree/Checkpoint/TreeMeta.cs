namespace Workbench.Storage.BTree.Checkpoint;

/// <summary>What a checkpoint records of one column family's tree (immutable).</summary>
internal sealed record TreeMeta(
    string Name,
    long Root,
    int Height,
    long Entries,
    long LiveBytes,
    long LeafPages,
    long BranchPages,
    long OverflowPages);
