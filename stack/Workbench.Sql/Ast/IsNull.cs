namespace Workbench.Sql.Ast;

internal sealed class IsNull(Expr value, bool not) : Expr
{
    public Expr Value { get; } = value;
    public bool Not { get; } = not;
}
