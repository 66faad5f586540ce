namespace Workbench.Sql.Ast;

internal sealed class InList(Expr value, IReadOnlyList<Expr> items, bool not) : Expr
{
    public Expr Value { get; } = value;
    public IReadOnlyList<Expr> Items { get; } = items;
    public bool Not { get; } = not;
}
