using System.Buffers.Binary;
using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.Pages;
using Workbench.Storage.Errors;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree.FreeSpace;

/// <summary>
/// Persists a checkpoint's free list as a chain of free-list pages: header (type 5, count = ids in
/// this page, link = next page, 0 = end) followed by u64 page ids. Stateless.
/// </summary>
internal static class FreeListFormat
{
    public static int IdsPerPage(int pageSize) => (pageSize - PageLayout.HeaderSize) / 8;

    /// <summary>Writes <paramref name="ids"/> into the given pages (exactly enough of them); returns the head page (0 when empty).</summary>
    public static long Write(PageCache cache, IReadOnlyList<long> pages, List<long> ids, long epoch)
    {
        if (pages.Count == 0) return 0;
        var size = cache.PageSize;
        var per = IdsPerPage(size);
        var buf = new byte[size];
        var next = 0;
        for (var i = 0; i < pages.Count; i++)
        {
            PageLayout.Init(buf, PageType.FreeList, pages[i], epoch);
            PageLayout.SetLink(buf, i + 1 < pages.Count ? pages[i + 1] : 0);
            var n = Math.Min(per, ids.Count - next);
            BinaryPrimitives.WriteUInt16LittleEndian(buf.AsSpan(PageLayout.OffCount), (ushort)n);
            for (var j = 0; j < n; j++) BinaryPrimitives.WriteInt64LittleEndian(buf.AsSpan(PageLayout.HeaderSize + 8 * j), ids[next++]);
            PageChecksum.Seal(buf);
            cache.WriteRaw(pages[i], buf, WriteCategory.Checkpoint);
        }
        return pages[0];
    }

    /// <summary>Reads a chain; returns the free ids and the pages holding them.</summary>
    public static (List<long> Free, List<long> Pages) Read(PageCache cache, string path, long head, long pageCount)
    {
        var free = new List<long>();
        var pages = new List<long>();
        var buf = new byte[cache.PageSize];
        var page = head;
        while (page != 0)
        {
            var offset = page * cache.PageSize;
            if (page < 2 || page >= pageCount || pages.Count > pageCount)
                throw new CorruptionException(path, offset, $"free-list chain names page {page}, outside 2..{pageCount - 1} (or loops)");
            if (cache.ReadRaw(page, buf) != buf.Length || !PageChecksum.IsValid(buf) || PageLayout.GetPageType(buf) != PageType.FreeList || PageLayout.GetPageId(buf) != page)
                throw new CorruptionException(path, offset, $"free-list page {page} is damaged (checksum, type or id)");
            pages.Add(page);
            var n = BinaryPrimitives.ReadUInt16LittleEndian(buf.AsSpan(PageLayout.OffCount));
            for (var j = 0; j < n; j++) free.Add(BinaryPrimitives.ReadInt64LittleEndian(buf.AsSpan(PageLayout.HeaderSize + 8 * j)));
            page = PageLayout.GetLink(buf);
        }
        return (free, pages);
    }
}
