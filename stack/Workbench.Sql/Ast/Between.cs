namespace Workbench.Sql.Ast;

internal sealed class Between(Expr value, Expr low, Expr high, bool not) : Expr
{
    public Expr Value { get; } = value;
    public Expr Low { get; } = low;
    public Expr High { get; } = high;
    public bool Not { get; } = not;
}
