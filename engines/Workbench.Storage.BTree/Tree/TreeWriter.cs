using Workbench.Storage.Batch;
using Workbench.Storage.BTree.BufferPool;
using Workbench.Storage.BTree.Pages;
using Workbench.Storage.Errors;

namespace Workbench.Storage.BTree.Tree;

/// <summary>
/// Inserts and deletes on the trees: descend with a pinned path, make the path writable (copy on
/// write, top-down so a copied child's new id lands in an already-writable parent), change the
/// leaf, then split upwards on overflow or merge upwards on underflow.
///
/// Before splitting a full leaf that has a sibling with room, cells are shifted into it instead
/// (and the separator between the two replaced), which keeps leaves fuller under random inserts.
/// Splits: cells (plus the new one) are divided by bytes; an append at the right edge of the tree
/// leaves the left page full (sequential loads fill pages). The separator pushed up is the shortest
/// prefix of the right page's first key that is greater than the left page's last key.
/// Merges: a page below a quarter full is merged with its left (else right) sibling when both fit
/// in one page; branch merges pull the separator down. No redistribution between siblings that do
/// not fit together (they stay valid, merely less full). A branch root with no separators is
/// replaced by its only child; an empty leaf root empties the tree.
///
/// Cells never exceed a third of the usable page (larger values go to overflow pages, keys are at
/// most 1024 bytes), which guarantees a byte-balanced split of any full page fits in two pages.
/// Not thread-safe: one writer, under the engine's tree write lock.
/// </summary>
internal sealed class TreeWriter
{
    private const int MaxHeight = 64;
    private readonly PageStore _store;
    private readonly string _path;
    private readonly int _usable;
    private readonly Frame?[] _frames = new Frame?[MaxHeight];
    private readonly int[] _idx = new int[MaxHeight];
    private readonly byte[] _cell;
    private readonly byte[] _scratch;
    private readonly byte[] _sep = new byte[WriteBatch.MaxKeySize + 16];
    private readonly byte[] _branchCell = new byte[WriteBatch.MaxKeySize + 32];
    private readonly int[] _cellOff;
    private readonly int[] _cellLen;
    private int _pathLength;

    public TreeWriter(PageStore store, string path)
    {
        _store = store;
        _path = path;
        var pageSize = store.Cache.PageSize;
        _usable = SlottedPage.Usable(pageSize);
        MaxCellSize = _usable / 3 - 2;
        _cell = new byte[pageSize];
        _scratch = new byte[pageSize];
        _cellOff = new int[pageSize / 2];
        _cellLen = new int[pageSize / 2];
    }

    /// <summary>Largest cell stored in a page; a key/value pair whose inline cell is larger goes to overflow pages.</summary>
    public int MaxCellSize { get; }

    public long Splits { get; private set; }
    public long Merges { get; private set; }
    public long Redistributions { get; private set; }

    public void Put(TreeState tree, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (tree.Root == 0)
        {
            var root = _store.Allocate(PageType.Leaf);
            tree.Root = root.PageId;
            tree.Height = 1;
            tree.LeafPages++;
            _store.Unpin(root);
        }
        Descend(tree, key);
        try
        {
            var leafLevel = _pathLength - 1;
            var pos = NodeSearch.LeafLowerBound(_frames[leafLevel]!.Data, key, out var found);
            int cellLen;
            if (LeafCell.InlineSize(key.Length, value.Length) <= MaxCellSize) cellLen = LeafCell.WriteInline(_cell, key, value);
            else cellLen = LeafCell.WriteOverflow(_cell, key, value.Length, OverflowChain.Write(_store, value, tree));
            MakePathWritable(tree, leafLevel);
            var leaf = _frames[leafLevel]!.Data;
            if (found)
            {
                var old = LeafCell.Read(leaf, SlottedPage.SlotOffset(leaf, pos));
                tree.LiveBytes -= old.Key.Length + old.ValueLength;
                if (old.IsOverflow) OverflowChain.Free(_store, old.OverflowPage, tree, _path);
                SlottedPage.Remove(leaf, pos);
            }
            else tree.Entries++;
            tree.LiveBytes += key.Length + value.Length;
            if (!SlottedPage.TryInsert(leaf, pos, _cell.AsSpan(0, cellLen))) SplitLeafAndInsert(tree, leafLevel, pos, cellLen);
        }
        finally
        {
            UnpinPath();
        }
    }

    public bool Delete(TreeState tree, ReadOnlySpan<byte> key)
    {
        if (tree.Root == 0) return false;
        Descend(tree, key);
        try
        {
            var leafLevel = _pathLength - 1;
            var pos = NodeSearch.LeafLowerBound(_frames[leafLevel]!.Data, key, out var found);
            if (!found) return false;
            MakePathWritable(tree, leafLevel);
            var leaf = _frames[leafLevel]!.Data;
            var old = LeafCell.Read(leaf, SlottedPage.SlotOffset(leaf, pos));
            tree.LiveBytes -= old.Key.Length + old.ValueLength;
            tree.Entries--;
            if (old.IsOverflow) OverflowChain.Free(_store, old.OverflowPage, tree, _path);
            SlottedPage.Remove(leaf, pos);
            Rebalance(tree, leafLevel);
            return true;
        }
        finally
        {
            UnpinPath();
        }
    }

    private void Descend(TreeState tree, ReadOnlySpan<byte> key)
    {
        _pathLength = 0;
        var f = _store.Fetch(tree.Root);
        _frames[_pathLength++] = f;
        while (NodeSearch.CheckTreePage(f.Data, f.PageId, _path) == PageType.Branch)
        {
            if (_pathLength >= MaxHeight) throw new CorruptionException(_path, f.PageId * f.Data.Length, $"tree deeper than {MaxHeight} levels (a page cycle?)");
            var idx = NodeSearch.ChildIndex(f.Data, key);
            _idx[_pathLength - 1] = idx;
            f = _store.Fetch(NodeSearch.ChildAt(f.Data, idx));
            _frames[_pathLength++] = f;
        }
    }

    private void UnpinPath()
    {
        for (var i = 0; i < _pathLength; i++)
        {
            if (_frames[i] is { } f) _store.Unpin(f);
            _frames[i] = null;
        }
        _pathLength = 0;
    }

    private void MakePathWritable(TreeState tree, int level)
    {
        for (var l = 0; l <= level; l++)
        {
            var f = _frames[l]!;
            var w = _store.MakeWritable(f);
            if (ReferenceEquals(w, f)) continue;
            _frames[l] = w;
            if (l == 0) tree.Root = w.PageId;
            else NodeSearch.SetChildAt(_frames[l - 1]!.Data, _idx[l - 1], w.PageId);
        }
    }

    /// <summary>Loads the cells of <paramref name="page"/> (copied to scratch) plus the new cell in _cell at <paramref name="pos"/>.</summary>
    private int GatherCells(Span<byte> page, int pos, int newLen)
    {
        page.CopyTo(_scratch);
        var n = SlottedPage.Count(_scratch);
        var total = 0;
        for (var i = 0; i <= n; i++)
        {
            if (i == pos)
            {
                _cellOff[total] = -1;
                _cellLen[total++] = newLen;
            }
            if (i == n) break;
            var off = SlottedPage.SlotOffset(_scratch, i);
            _cellOff[total] = off;
            _cellLen[total++] = SlottedPage.CellSizeAt(_scratch, off);
        }
        return total;
    }

    private ReadOnlySpan<byte> GatheredCell(int i) =>
        _cellOff[i] < 0 ? _cell.AsSpan(0, _cellLen[i]) : _scratch.AsSpan(_cellOff[i], _cellLen[i]);

    private bool IsRightEdge(int level)
    {
        for (var l = 0; l < level; l++)
            if (_idx[l] != SlottedPage.Count(_frames[l]!.Data)) return false;
        return true;
    }

    private void SplitLeafAndInsert(TreeState tree, int level, int pos, int newLen)
    {
        var left = _frames[level]!.Data;
        var oldCount = SlottedPage.Count(left);
        var total = GatherCells(left, pos, newLen);
        if (level > 0 && !(pos == oldCount && IsRightEdge(level)) && TryRedistribute(level, total)) return;
        int k;
        if (pos == oldCount && IsRightEdge(level)) k = total - 1;
        else k = BalancedSplit(total, 0);
        var right = _store.Allocate(PageType.Leaf);
        tree.LeafPages++;
        Splits++;
        try
        {
            SlottedPage.Reset(left);
            for (var i = 0; i < k; i++) SlottedPage.Append(left, GatheredCell(i));
            for (var i = k; i < total; i++) SlottedPage.Append(right.Data, GatheredCell(i));
            var lastLeft = LeafCell.KeyAt(GatheredCell(k - 1), 0);
            var firstRight = LeafCell.KeyAt(GatheredCell(k), 0);
            var common = lastLeft.CommonPrefixLength(firstRight);
            var sepLen = Math.Min(common + 1, firstRight.Length);
            firstRight[..sepLen].CopyTo(_sep);
            InsertSeparator(tree, level - 1, _sep.AsSpan(0, sepLen), right.PageId);
        }
        finally
        {
            _store.Unpin(right);
        }
    }

    /// <summary>
    /// Before splitting a full leaf, shifts cells into a sibling under the same parent that has room
    /// (right sibling first, then left), balancing the two by bytes, and replaces the separator
    /// between them. Keeps random-insert leaves fuller than splits alone (~ln 2). False when no
    /// sibling can take cells or the parent has no room for the new separator; nothing changed then.
    /// </summary>
    private bool TryRedistribute(int level, int total)
    {
        var parent = _frames[level - 1]!.Data;
        var c = _idx[level - 1];
        var pc = SlottedPage.Count(parent);
        long all = RangeBytes(0, total);
        for (var side = 0; side < 2; side++)
        {
            var toRight = side == 0;
            if (toRight ? c >= pc : c == 0) continue;
            var siblingIdx = toRight ? c + 1 : c - 1;
            var sibling = _store.Fetch(NodeSearch.ChildAt(parent, siblingIdx));
            try
            {
                var sibUsed = SlottedPage.Used(sibling.Data);
                var target = (all + sibUsed) / 2;
                // Cells moving: for toRight the last m gathered cells, else the first m.
                var m = 0;
                long moved = 0;
                while (m < total - 1)
                {
                    var i = toRight ? total - 1 - m : m;
                    var size = _cellLen[i] + 2;
                    if (all - moved <= target || sibUsed + moved + size > _usable) break;
                    moved += size;
                    m++;
                }
                if (m == 0 || all - moved > _usable) continue;
                // The separator between the (new) left and right pages of the pair.
                int lastLeft, firstRight;
                if (toRight)
                {
                    lastLeft = total - m - 1;
                    firstRight = total - m;
                }
                else
                {
                    lastLeft = m - 1;
                    firstRight = m;
                }
                var sepIndex = toRight ? c : c - 1; // parent cell separating the pair
                var lk = LeafCell.KeyAt(GatheredCell(lastLeft), 0);
                var rk = LeafCell.KeyAt(GatheredCell(firstRight), 0);
                var sepLen = Math.Min(lk.CommonPrefixLength(rk) + 1, rk.Length);
                var oldCell = SlottedPage.Cell(parent, sepIndex);
                var newCellSize = BranchCell.Size(sepLen);
                if (newCellSize > oldCell.Length && SlottedPage.TotalFree(parent) < newCellSize - oldCell.Length) continue;

                var writable = _store.MakeWritable(sibling);
                sibling = writable;
                NodeSearch.SetChildAt(parent, siblingIdx, writable.PageId);
                rk[..sepLen].CopyTo(_sep);
                var page = _frames[level]!.Data;
                SlottedPage.Reset(page);
                if (toRight)
                {
                    for (var i = 0; i < total - m; i++) SlottedPage.Append(page, GatheredCell(i));
                    for (var j = 0; j < m; j++)
                        if (!SlottedPage.TryInsert(writable.Data, j, GatheredCell(total - m + j)))
                            throw new InvalidOperationException("redistribution plan overflowed the right sibling");
                }
                else
                {
                    for (var i = 0; i < m; i++) SlottedPage.Append(writable.Data, GatheredCell(i));
                    for (var i = m; i < total; i++) SlottedPage.Append(page, GatheredCell(i));
                }
                var rightChild = BranchCell.ChildAt(parent, SlottedPage.SlotOffset(parent, sepIndex));
                SlottedPage.Remove(parent, sepIndex);
                var len = BranchCell.Write(_branchCell, _sep.AsSpan(0, sepLen), rightChild);
                if (!SlottedPage.TryInsert(parent, sepIndex, _branchCell.AsSpan(0, len)))
                    throw new InvalidOperationException("redistribution plan overflowed the parent");
                Redistributions++;
                return true;
            }
            finally
            {
                _store.Unpin(sibling);
            }
        }
        return false;
    }

    /// <summary>Number of gathered cells for the left page so both halves fit, balanced by bytes. <paramref name="middle"/> = 1 when cell k moves up (branch split).</summary>
    private int BalancedSplit(int total, int middle)
    {
        long all = 0;
        for (var i = 0; i < total; i++) all += _cellLen[i] + 2;
        long acc = 0;
        var k = 0;
        while (k < total - 1 - middle && acc + _cellLen[k] + 2 <= all / 2)
        {
            acc += _cellLen[k] + 2;
            k++;
        }
        if (k == 0) k = 1;
        // Guarantee fit on both sides (cells are at most a third of a page, so this terminates quickly).
        while (RangeBytes(0, k) > _usable) k--;
        while (RangeBytes(k + middle, total) > _usable) k++;
        if (k < 1 || k + middle > total - (middle == 0 ? 1 : 0))
            throw new InvalidOperationException($"no valid split of {total} cells (a cell exceeds a third of the page?)");
        return k;
    }

    private long RangeBytes(int from, int to)
    {
        long s = 0;
        for (var i = from; i < to; i++) s += _cellLen[i] + 2;
        return s;
    }

    /// <summary>Adds (separator → right child) to the branch at <paramref name="level"/> after child _idx[level]; splits upward as needed.</summary>
    private void InsertSeparator(TreeState tree, int level, ReadOnlySpan<byte> separator, long rightChild)
    {
        if (level < 0)
        {
            var root = _store.Allocate(PageType.Branch);
            try
            {
                PageLayout.SetLink(root.Data, tree.Root);
                var len = BranchCell.Write(_cell, separator, rightChild);
                SlottedPage.Append(root.Data, _cell.AsSpan(0, len));
                tree.Root = root.PageId;
                tree.Height++;
                tree.BranchPages++;
            }
            finally
            {
                _store.Unpin(root);
            }
            return;
        }
        var page = _frames[level]!.Data;
        var pos = _idx[level];
        var cellLen = BranchCell.Write(_cell, separator, rightChild);
        if (SlottedPage.TryInsert(page, pos, _cell.AsSpan(0, cellLen))) return;

        var total = GatherCells(page, pos, cellLen);
        var m = BalancedSplit(total, 1);
        var right = _store.Allocate(PageType.Branch);
        tree.BranchPages++;
        Splits++;
        try
        {
            var middle = GatheredCell(m);
            PageLayout.SetLink(right.Data, BranchCell.ChildAt(middle, 0));
            var midKey = BranchCell.KeyAt(middle, 0);
            midKey.CopyTo(_sep);
            var sepLen = midKey.Length;
            SlottedPage.Reset(page);
            for (var i = 0; i < m; i++) SlottedPage.Append(page, GatheredCell(i));
            for (var i = m + 1; i < total; i++) SlottedPage.Append(right.Data, GatheredCell(i));
            InsertSeparator(tree, level - 1, _sep.AsSpan(0, sepLen), right.PageId);
        }
        finally
        {
            _store.Unpin(right);
        }
    }

    private void Rebalance(TreeState tree, int level)
    {
        var frame = _frames[level]!;
        var page = frame.Data;
        var isLeaf = PageLayout.GetPageType(page) == PageType.Leaf;
        if (level == 0)
        {
            if (SlottedPage.Count(page) > 0) return;
            _store.Free(frame.PageId, PageLayout.GetEpoch(page));
            if (isLeaf)
            {
                tree.LeafPages--;
                tree.Root = 0;
                tree.Height = 0;
            }
            else
            {
                tree.BranchPages--;
                tree.Root = PageLayout.GetLink(page);
                tree.Height--;
            }
            return;
        }
        if (SlottedPage.Used(page) >= _usable / 4) return;
        var parentFrame = _frames[level - 1]!;
        var parent = parentFrame.Data;
        if (SlottedPage.Count(parent) == 0)
        {
            Rebalance(tree, level - 1); // an only child: let the parent merge with its own sibling
            return;
        }
        var c = _idx[level - 1];
        var siblingIdx = c > 0 ? c - 1 : c + 1;
        var sibling = _store.MakeWritable(_store.Fetch(NodeSearch.ChildAt(parent, siblingIdx)));
        try
        {
            NodeSearch.SetChildAt(parent, siblingIdx, sibling.PageId);
            var (leftF, rightF) = c > 0 ? (sibling, frame) : (frame, sibling);
            var rightIdx = c > 0 ? c : c + 1;
            var left = leftF.Data;
            var right = rightF.Data;
            var sepOff = SlottedPage.SlotOffset(parent, rightIdx - 1);
            var sepKey = BranchCell.KeyAt(parent, sepOff);
            var combined = SlottedPage.Used(left) + SlottedPage.Used(right) + (isLeaf ? 0 : BranchCell.Size(sepKey.Length) + 2);
            if (combined > _usable) return;
            if (!isLeaf)
            {
                var len = BranchCell.Write(_cell, sepKey, PageLayout.GetLink(right));
                SlottedPage.Append(left, _cell.AsSpan(0, len));
            }
            var n = SlottedPage.Count(right);
            for (var i = 0; i < n; i++) SlottedPage.Append(left, SlottedPage.Cell(right, i));
            _store.Free(rightF.PageId, PageLayout.GetEpoch(right));
            if (isLeaf) tree.LeafPages--;
            else tree.BranchPages--;
            SlottedPage.Remove(parent, rightIdx - 1);
            Merges++;
        }
        finally
        {
            _store.Unpin(sibling);
        }
        Rebalance(tree, level - 1);
    }
}
