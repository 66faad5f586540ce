using System.Buffers;
using System.Buffers.Binary;

namespace Workbench.Storage.BTree.Pages;

/// <summary>
/// Slotted-page mechanics shared by leaf and branch pages: a slot array of u16 cell offsets grows
/// up from the header, cells grow down from the end of the page; removed cells leave fragmented
/// bytes that <see cref="Compact"/> reclaims. Slots are kept in key order. Stateless; callers own
/// the page exclusively while mutating it.
/// </summary>
internal static class SlottedPage
{
    public static int Count(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt16LittleEndian(page[PageLayout.OffCount..]);
    private static void SetCount(Span<byte> page, int n) => BinaryPrimitives.WriteUInt16LittleEndian(page[PageLayout.OffCount..], (ushort)n);
    public static int CellStart(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt16LittleEndian(page[PageLayout.OffCellStart..]);
    private static void SetCellStart(Span<byte> page, int v) => BinaryPrimitives.WriteUInt16LittleEndian(page[PageLayout.OffCellStart..], (ushort)v);
    public static int Fragmented(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt16LittleEndian(page[PageLayout.OffFragmented..]);
    private static void SetFragmented(Span<byte> page, int v) => BinaryPrimitives.WriteUInt16LittleEndian(page[PageLayout.OffFragmented..], (ushort)v);

    public static int SlotOffset(ReadOnlySpan<byte> page, int index) =>
        BinaryPrimitives.ReadUInt16LittleEndian(page[(PageLayout.HeaderSize + 2 * index)..]);

    private static void SetSlot(Span<byte> page, int index, int offset) =>
        BinaryPrimitives.WriteUInt16LittleEndian(page[(PageLayout.HeaderSize + 2 * index)..], (ushort)offset);

    public static int CellSizeAt(ReadOnlySpan<byte> page, int offset) =>
        PageLayout.GetPageType(page) == PageType.Leaf ? LeafCell.SizeAt(page, offset) : BranchCell.SizeAt(page, offset);

    public static ReadOnlySpan<byte> Cell(ReadOnlySpan<byte> page, int index)
    {
        var off = SlotOffset(page, index);
        return page.Slice(off, CellSizeAt(page, off));
    }

    /// <summary>Bytes usable for cells and slots in a page of this size.</summary>
    public static int Usable(int pageSize) => pageSize - PageLayout.HeaderSize;

    public static int ContiguousFree(ReadOnlySpan<byte> page) => CellStart(page) - (PageLayout.HeaderSize + 2 * Count(page));
    public static int TotalFree(ReadOnlySpan<byte> page) => ContiguousFree(page) + Fragmented(page);

    /// <summary>Bytes taken by live cells plus their slots.</summary>
    public static int Used(ReadOnlySpan<byte> page) => Usable(page.Length) - TotalFree(page);

    /// <summary>Removes every cell, keeping the header's type, id, epoch and link.</summary>
    public static void Reset(Span<byte> page)
    {
        SetCount(page, 0);
        SetCellStart(page, page.Length);
        SetFragmented(page, 0);
    }

    /// <summary>Inserts <paramref name="cell"/> as slot <paramref name="index"/>; false when it does not fit even after compaction.</summary>
    public static bool TryInsert(Span<byte> page, int index, ReadOnlySpan<byte> cell)
    {
        var need = cell.Length + 2;
        if (ContiguousFree(page) < need)
        {
            if (TotalFree(page) < need) return false;
            Compact(page);
        }
        var n = Count(page);
        var start = CellStart(page) - cell.Length;
        cell.CopyTo(page[start..]);
        SetCellStart(page, start);
        var slots = page.Slice(PageLayout.HeaderSize, 2 * (n + 1));
        slots.Slice(2 * index, 2 * (n - index)).CopyTo(slots[(2 * index + 2)..]);
        SetSlot(page, index, start);
        SetCount(page, n + 1);
        return true;
    }

    /// <summary>Appends a cell after the last slot (the caller guarantees key order and room).</summary>
    public static void Append(Span<byte> page, ReadOnlySpan<byte> cell)
    {
        if (!TryInsert(page, Count(page), cell))
            throw new InvalidOperationException($"cell of {cell.Length} bytes does not fit the page ({TotalFree(page)} free): a split plan is wrong");
    }

    public static void Remove(Span<byte> page, int index)
    {
        var n = Count(page);
        var off = SlotOffset(page, index);
        var size = CellSizeAt(page, off);
        if (off == CellStart(page)) SetCellStart(page, off + size);
        else SetFragmented(page, Fragmented(page) + size);
        var slots = page.Slice(PageLayout.HeaderSize, 2 * n);
        slots[(2 * index + 2)..].CopyTo(slots[(2 * index)..]);
        SetCount(page, n - 1);
        if (n == 1) Reset(page);
    }

    /// <summary>Rewrites the cells densely at the end of the page, reclaiming fragmented bytes.</summary>
    public static void Compact(Span<byte> page)
    {
        var tmp = ArrayPool<byte>.Shared.Rent(page.Length);
        try
        {
            page.CopyTo(tmp);
            var src = tmp.AsSpan(0, page.Length);
            var n = Count(src);
            var pos = page.Length;
            for (var i = 0; i < n; i++)
            {
                var off = SlotOffset(src, i);
                var size = CellSizeAt(src, off);
                pos -= size;
                src.Slice(off, size).CopyTo(page[pos..]);
                SetSlot(page, i, pos);
            }
            SetCellStart(page, pos);
            SetFragmented(page, 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tmp);
        }
    }
}
