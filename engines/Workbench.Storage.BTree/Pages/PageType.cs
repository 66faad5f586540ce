namespace Workbench.Storage.BTree.Pages;

/// <summary>Type byte of a page header (offset 4). Values are part of the on-disk format (FORMAT.md).</summary>
internal enum PageType : byte
{
    Free = 0,
    Leaf = 2,
    Branch = 3,
    Overflow = 4,
    FreeList = 5,
}
