using System.Buffers;
using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.Pages;

namespace Workbench.Storage.BTree.Tree;

/// <summary>
/// Point lookups: one descent from a root, pinning one page at a time. The caller guarantees the
/// pages reachable from <c>root</c> do not change during the call (tree read lock for the latest
/// state; a snapshot's root is frozen by construction). Stateless.
/// </summary>
internal static class TreeReader
{
    public static bool TryGet(PageStore store, long root, ReadOnlySpan<byte> key, IBufferWriter<byte> value, string path)
    {
        if (root == 0) return false;
        var f = store.Fetch(root);
        try
        {
            while (NodeSearch.CheckTreePage(f.Data, f.PageId, path) == PageType.Branch)
            {
                var child = NodeSearch.ChildAt(f.Data, NodeSearch.ChildIndex(f.Data, key));
                var next = store.Fetch(child);
                store.Unpin(f);
                f = next;
            }
            var page = f.Data;
            var i = NodeSearch.LeafLowerBound(page, key, out var found);
            if (!found) return false;
            var e = LeafCell.Read(page, SlottedPage.SlotOffset(page, i));
            if (e.IsOverflow) OverflowChain.Read(store, e.OverflowPage, e.ValueLength, value, path);
            else value.Write(e.InlineValue);
            return true;
        }
        finally
        {
            store.Unpin(f);
        }
    }

    /// <summary>Pins and returns the leftmost leaf under <paramref name="page"/>, recording the branch path.</summary>
    public static Frame DescendLeftmost(PageStore store, long page, long[] ids, int[] indexes, ref int depth, string path)
    {
        var f = store.Fetch(page);
        while (NodeSearch.CheckTreePage(f.Data, f.PageId, path) == PageType.Branch)
        {
            ids[depth] = f.PageId;
            indexes[depth] = 0;
            depth++;
            var child = PageLayout.GetLink(f.Data);
            store.Unpin(f);
            f = store.Fetch(child);
        }
        return f;
    }

    /// <summary>Pins and returns the rightmost leaf under <paramref name="page"/>, recording the branch path.</summary>
    public static Frame DescendRightmost(PageStore store, long page, long[] ids, int[] indexes, ref int depth, string path)
    {
        var f = store.Fetch(page);
        while (NodeSearch.CheckTreePage(f.Data, f.PageId, path) == PageType.Branch)
        {
            var last = SlottedPage.Count(f.Data); // children are 0..Count
            ids[depth] = f.PageId;
            indexes[depth] = last;
            depth++;
            var child = NodeSearch.ChildAt(f.Data, last);
            store.Unpin(f);
            f = store.Fetch(child);
        }
        return f;
    }

    /// <summary>Pins and returns the leaf whose range holds <paramref name="key"/>, recording the branch path.</summary>
    public static Frame DescendTo(PageStore store, long root, ReadOnlySpan<byte> key, long[] ids, int[] indexes, out int depth, string path)
    {
        depth = 0;
        var f = store.Fetch(root);
        while (NodeSearch.CheckTreePage(f.Data, f.PageId, path) == PageType.Branch)
        {
            var idx = NodeSearch.ChildIndex(f.Data, key);
            ids[depth] = f.PageId;
            indexes[depth] = idx;
            depth++;
            var child = NodeSearch.ChildAt(f.Data, idx);
            store.Unpin(f);
            f = store.Fetch(child);
        }
        return f;
    }
}
