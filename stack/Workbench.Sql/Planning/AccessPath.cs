using Workbench.Sql.Ast;
using Workbench.Sql.Catalog;

namespace Workbench.Sql.Planning;

/// <summary>
/// The chosen access to one table. Bounds are inclusive supersets of the condition (the whole WHERE
/// is always applied as a filter afterwards, so a bound only has to not lose rows).
/// <see cref="Points"/>: handle values (point/batch get) or, for a unique-index get, one value per index column.
/// </summary>
internal sealed record AccessPath(AccessKind Kind, IndexInfo? Index, IReadOnlyList<Expr> Points, Expr? Low, Expr? High)
{
    public static readonly AccessPath FullScan = new(AccessKind.TableFullScan, null, [], null, null);
}
