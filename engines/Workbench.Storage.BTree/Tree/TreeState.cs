using Workbench.Storage.BTree.Checkpoint;

namespace Workbench.Storage.BTree.Tree;

/// <summary>
/// One column family's tree: root page (0 = empty), height and running totals. Mutated only by the
/// tree writer under the engine's tree write lock; readers copy <see cref="Root"/> under the read lock.
/// </summary>
internal sealed class TreeState
{
    public TreeState(TreeMeta meta)
    {
        Name = meta.Name;
        Root = meta.Root;
        Height = meta.Height;
        Entries = meta.Entries;
        LiveBytes = meta.LiveBytes;
        LeafPages = meta.LeafPages;
        BranchPages = meta.BranchPages;
        OverflowPages = meta.OverflowPages;
    }

    public string Name { get; }
    public long Root { get; set; }
    public int Height { get; set; }
    public long Entries { get; set; }

    /// <summary>Σ (key length + value length) of the live entries.</summary>
    public long LiveBytes { get; set; }

    public long LeafPages { get; set; }
    public long BranchPages { get; set; }
    public long OverflowPages { get; set; }

    public TreeMeta ToMeta() => new(Name, Root, Height, Entries, LiveBytes, LeafPages, BranchPages, OverflowPages);
}
