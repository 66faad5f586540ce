using System.Buffers;
using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.Pages;
using Workbench.Storage.Errors;

namespace Workbench.Storage.BTree.Tree;

/// <summary>Writes, reads and frees the overflow-page chain of one large value. Stateless.</summary>
internal static class OverflowChain
{
    public static long Write(PageStore store, ReadOnlySpan<byte> value, TreeState tree)
    {
        var cap = OverflowPage.Capacity(store.Cache.PageSize);
        long first = 0;
        Frame? prev = null;
        for (var off = 0; off < value.Length; off += cap)
        {
            var f = store.Allocate(PageType.Overflow);
            tree.OverflowPages++;
            OverflowPage.SetData(f.Data, value.Slice(off, Math.Min(cap, value.Length - off)));
            if (prev is null) first = f.PageId;
            else
            {
                PageLayout.SetLink(prev.Data, f.PageId);
                store.Unpin(prev);
            }
            prev = f;
        }
        if (prev is not null) store.Unpin(prev);
        return first;
    }

    public static void Read(PageStore store, long first, int length, IBufferWriter<byte> into, string path)
    {
        var page = first;
        var remaining = length;
        while (remaining > 0)
        {
            var f = Fetch(store, page, path);
            try
            {
                var data = OverflowPage.Data(f.Data);
                if (data.Length > remaining) throw Bad(path, page, store, "holds more bytes than the value's length");
                into.Write(data);
                remaining -= data.Length;
                page = PageLayout.GetLink(f.Data);
            }
            finally
            {
                store.Unpin(f);
            }
            if (remaining > 0 && page == 0) throw Bad(path, first, store, $"chain ends {remaining} bytes early");
        }
    }

    public static void Free(PageStore store, long first, TreeState tree, string path)
    {
        var page = first;
        while (page != 0)
        {
            var f = Fetch(store, page, path);
            long next, epoch;
            try
            {
                next = PageLayout.GetLink(f.Data);
                epoch = PageLayout.GetEpoch(f.Data);
            }
            finally
            {
                store.Unpin(f);
            }
            store.Free(page, epoch);
            tree.OverflowPages--;
            page = next;
        }
    }

    private static Frame Fetch(PageStore store, long page, string path)
    {
        var f = store.Fetch(page);
        if (PageLayout.GetPageType(f.Data) != PageType.Overflow)
        {
            store.Unpin(f);
            throw Bad(path, page, store, "is not an overflow page");
        }
        return f;
    }

    private static CorruptionException Bad(string path, long page, PageStore store, string what) =>
        new(path, page * store.Cache.PageSize, $"overflow page {page} {what}");
}
