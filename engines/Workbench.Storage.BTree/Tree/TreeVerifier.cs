using Workbench.Storage.BTree.Pages;

namespace Workbench.Storage.BTree.Tree;

/// <summary>
/// Walks a whole tree and checks its invariants: page types, key order within pages, every key
/// inside the range its separators allow, all leaves at the same depth (= height), the counters of
/// <see cref="TreeState"/>, overflow chain lengths, and that no page is reachable twice (also across
/// trees, through <c>seen</c>). Throws <see cref="InvalidOperationException"/> naming the broken
/// invariant. For tests and diagnostics; the caller holds the tree read lock.
/// </summary>
internal static class TreeVerifier
{
    public static void Verify(PageStore store, TreeState tree, HashSet<long> seen, string path)
    {
        if (tree.Root == 0)
        {
            Check(tree.Height == 0 && tree.Entries == 0 && tree.LeafPages == 0, $"cf {tree.Name}: empty tree with height {tree.Height}, {tree.Entries} entries, {tree.LeafPages} leaves");
            return;
        }
        var counts = new long[4]; // entries, leaves, branches, overflow pages
        long liveBytes = 0;
        Walk(store, tree, tree.Root, 1, null, null, counts, ref liveBytes, seen, path);
        Check(counts[0] == tree.Entries, $"cf {tree.Name}: {counts[0]} entries found, counter says {tree.Entries}");
        Check(counts[1] == tree.LeafPages, $"cf {tree.Name}: {counts[1]} leaf pages found, counter says {tree.LeafPages}");
        Check(counts[2] == tree.BranchPages, $"cf {tree.Name}: {counts[2]} branch pages found, counter says {tree.BranchPages}");
        Check(counts[3] == tree.OverflowPages, $"cf {tree.Name}: {counts[3]} overflow pages found, counter says {tree.OverflowPages}");
        Check(liveBytes == tree.LiveBytes, $"cf {tree.Name}: {liveBytes} live bytes found, counter says {tree.LiveBytes}");
    }

    private static void Walk(PageStore store, TreeState tree, long pageId, int depth, byte[]? low, byte[]? high, long[] counts, ref long liveBytes, HashSet<long> seen, string path)
    {
        Check(seen.Add(pageId), $"cf {tree.Name}: page {pageId} is reachable twice");
        var f = store.Fetch(pageId);
        try
        {
            var page = f.Data;
            var type = NodeSearch.CheckTreePage(page, pageId, path);
            var n = SlottedPage.Count(page);
            byte[]? prev = null;
            if (type == PageType.Leaf)
            {
                Check(depth == tree.Height, $"cf {tree.Name}: leaf {pageId} at depth {depth}, height is {tree.Height}");
                counts[1]++;
                for (var i = 0; i < n; i++)
                {
                    var e = LeafCell.Read(page, SlottedPage.SlotOffset(page, i));
                    var key = e.Key.ToArray();
                    CheckRange(tree, pageId, key, prev, low, high);
                    prev = key;
                    counts[0]++;
                    liveBytes += key.Length + e.ValueLength;
                    if (e.IsOverflow)
                    {
                        Check(e.ValueLength > 0, $"cf {tree.Name}: leaf {pageId} has an empty overflow value");
                        var p = e.OverflowPage;
                        long total = 0;
                        while (p != 0)
                        {
                            Check(seen.Add(p), $"cf {tree.Name}: overflow page {p} is reachable twice");
                            var of = store.Fetch(p);
                            try
                            {
                                Check(PageLayout.GetPageType(of.Data) == PageType.Overflow, $"page {p} in an overflow chain is not an overflow page");
                                total += OverflowPage.GetDataLength(of.Data);
                                p = PageLayout.GetLink(of.Data);
                            }
                            finally
                            {
                                store.Unpin(of);
                            }
                            counts[3]++;
                        }
                        Check(total == e.ValueLength, $"cf {tree.Name}: overflow chain holds {total} bytes, cell says {e.ValueLength}");
                    }
                }
                return;
            }
            counts[2]++;
            Check(depth < tree.Height, $"cf {tree.Name}: branch {pageId} at depth {depth}, height is {tree.Height}");
            var childLow = low;
            for (var i = 0; i <= n; i++)
            {
                byte[]? childHigh = high;
                if (i < n)
                {
                    var sep = BranchCell.KeyAt(page, SlottedPage.SlotOffset(page, i)).ToArray();
                    CheckRange(tree, pageId, sep, prev, low, high);
                    prev = sep;
                    childHigh = sep;
                }
                Walk(store, tree, NodeSearch.ChildAt(page, i), depth + 1, childLow, childHigh, counts, ref liveBytes, seen, path);
                childLow = childHigh;
            }
        }
        finally
        {
            store.Unpin(f);
        }
    }

    private static void CheckRange(TreeState tree, long pageId, byte[] key, byte[]? prev, byte[]? low, byte[]? high)
    {
        Check(prev is null || prev.AsSpan().SequenceCompareTo(key) < 0, $"cf {tree.Name}: page {pageId} keys out of order");
        Check(low is null || low.AsSpan().SequenceCompareTo(key) <= 0, $"cf {tree.Name}: page {pageId} holds a key below its separator");
        Check(high is null || key.AsSpan().SequenceCompareTo(high) < 0, $"cf {tree.Name}: page {pageId} holds a key at or above its upper separator");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException("tree invariant broken: " + what);
    }
}
