using Workbench.Storage.BTree.Pages;
using Workbench.Storage.Errors;

namespace Workbench.Storage.BTree.Tree;

/// <summary>Binary searches and child addressing over leaf and branch pages. Stateless.</summary>
internal static class NodeSearch
{
    /// <summary>First slot whose key is &gt;= <paramref name="key"/> (Count when none).</summary>
    public static int LeafLowerBound(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key, out bool found)
    {
        int lo = 0, hi = SlottedPage.Count(page);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (LeafCell.KeyAt(page, SlottedPage.SlotOffset(page, mid)).SequenceCompareTo(key) < 0) lo = mid + 1;
            else hi = mid;
        }
        found = lo < SlottedPage.Count(page) && LeafCell.KeyAt(page, SlottedPage.SlotOffset(page, lo)).SequenceEqual(key);
        return lo;
    }

    /// <summary>Index (0..Count) of the child whose range holds <paramref name="key"/>: the number of separators &lt;= key.</summary>
    public static int ChildIndex(ReadOnlySpan<byte> page, ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = SlottedPage.Count(page);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (BranchCell.KeyAt(page, SlottedPage.SlotOffset(page, mid)).SequenceCompareTo(key) <= 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    public static long ChildAt(ReadOnlySpan<byte> page, int index) =>
        index == 0 ? PageLayout.GetLink(page) : BranchCell.ChildAt(page, SlottedPage.SlotOffset(page, index - 1));

    public static void SetChildAt(Span<byte> page, int index, long child)
    {
        if (index == 0) PageLayout.SetLink(page, child);
        else BranchCell.SetChildAt(page, SlottedPage.SlotOffset(page, index - 1), child);
    }

    /// <summary>Throws unless the page is a tree page (leaf or branch) — a damaged pointer must not be followed silently.</summary>
    public static PageType CheckTreePage(ReadOnlySpan<byte> page, long pageId, string path)
    {
        var t = PageLayout.GetPageType(page);
        if (t is not (PageType.Leaf or PageType.Branch))
            throw new CorruptionException(path, pageId * page.Length, $"page {pageId} should be a tree page but has type {(byte)t}");
        return t;
    }
}
