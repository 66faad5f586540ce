using Workbench.Sql.Ast;
using Workbench.Sql.Catalog;

namespace Workbench.Sql.Planning;

/// <summary>
/// Chooses the access path for a single-table statement from the conjuncts of its WHERE, in
/// TiDB's order of preference: point get on the handle, batch point get (handle IN), unique-index
/// point get (equality on every column of a unique index), table range on the handle, index range
/// on an index's first column (with a row lookup), else a full table scan. Column references must
/// already be bound. Constants are expressions without column references (literals, `?`, @@vars).
/// </summary>
internal static class Planner
{
    public static AccessPath ChooseAccess(TableInfo table, Expr? where)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (where is null) return AccessPath.FullScan;
        var conjuncts = new List<Expr>();
        Flatten(where, conjuncts);
        int h = table.HandleColumn;
        if (h >= 0)
        {
            foreach (var c in conjuncts)
                if (EqualityOn(c, h) is { } v) return new AccessPath(AccessKind.PointGet, null, [v], null, null);
            foreach (var c in conjuncts)
                if (c is InList { Not: false } il && IsColumn(il.Value, h) && AllConstant(il.Items))
                    return new AccessPath(AccessKind.BatchPointGet, null, il.Items, null, null);
        }
        foreach (var index in table.Indexes)
        {
            if (!index.Unique) continue;
            var points = new List<Expr>();
            foreach (var col in index.Columns)
            {
                Expr? found = null;
                foreach (var c in conjuncts) if ((found = EqualityOn(c, col)) is not null) break;
                if (found is null) break;
                points.Add(found);
            }
            if (points.Count == index.Columns.Count) return new AccessPath(AccessKind.UniqueIndexGet, index, points, null, null);
        }
        if (h >= 0 && RangeOn(conjuncts, h, out var lo, out var hi))
            return new AccessPath(AccessKind.TableRangeScan, null, [], lo, hi);
        foreach (var index in table.Indexes)
        {
            int first = index.Columns[0];
            foreach (var c in conjuncts)
                if (EqualityOn(c, first) is { } v) return new AccessPath(AccessKind.IndexRangeScan, index, [], v, v);
        }
        foreach (var index in table.Indexes)
            if (RangeOn(conjuncts, index.Columns[0], out var l2, out var h2))
                return new AccessPath(AccessKind.IndexRangeScan, index, [], l2, h2);
        return AccessPath.FullScan;
    }

    private static void Flatten(Expr e, List<Expr> into)
    {
        if (e is Binary { Op: BinaryOp.And } b) { Flatten(b.Left, into); Flatten(b.Right, into); }
        else into.Add(e);
    }

    private static bool IsColumn(Expr e, int offset) => e is ColumnRef c && c.Offset == offset;

    public static bool IsConstant(Expr e) => e switch
    {
        Literal or Parameter or Variable => true,
        Unary u => IsConstant(u.Operand),
        Binary b => IsConstant(b.Left) && IsConstant(b.Right),
        FunctionCall f => !f.IsAggregate && AllConstant(f.Args),
        _ => false,
    };

    private static bool AllConstant(IReadOnlyList<Expr> list)
    {
        foreach (var e in list) if (!IsConstant(e)) return false;
        return true;
    }

    private static Expr? EqualityOn(Expr c, int offset)
    {
        if (c is not Binary { Op: BinaryOp.Equal } b) return null;
        if (IsColumn(b.Left, offset) && IsConstant(b.Right)) return b.Right;
        if (IsColumn(b.Right, offset) && IsConstant(b.Left)) return b.Left;
        return null;
    }

    /// <summary>The tightest bounds the conjuncts put on one column (BETWEEN, &lt;, &lt;=, &gt;, &gt;=), treated as inclusive.</summary>
    private static bool RangeOn(List<Expr> conjuncts, int offset, out Expr? low, out Expr? high)
    {
        low = null; high = null;
        foreach (var c in conjuncts)
        {
            if (c is Between { Not: false } bt && IsColumn(bt.Value, offset) && IsConstant(bt.Low) && IsConstant(bt.High))
            {
                low ??= bt.Low; high ??= bt.High;
                continue;
            }
            if (c is not Binary b) continue;
            bool colLeft = IsColumn(b.Left, offset) && IsConstant(b.Right);
            bool colRight = IsColumn(b.Right, offset) && IsConstant(b.Left);
            if (!colLeft && !colRight) continue;
            var value = colLeft ? b.Right : b.Left;
            var op = b.Op;
            if (colRight) op = op switch { BinaryOp.Less => BinaryOp.Greater, BinaryOp.LessOrEqual => BinaryOp.GreaterOrEqual, BinaryOp.Greater => BinaryOp.Less, BinaryOp.GreaterOrEqual => BinaryOp.LessOrEqual, _ => op };
            switch (op)
            {
                case BinaryOp.Greater or BinaryOp.GreaterOrEqual: low ??= value; break;
                case BinaryOp.Less or BinaryOp.LessOrEqual: high ??= value; break;
            }
        }
        return low is not null || high is not null;
    }
}
