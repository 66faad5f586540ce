namespace Workbench.Sql.Ast;

internal sealed class Binary(BinaryOp op, Expr left, Expr right) : Expr
{
    public BinaryOp Op { get; } = op;
    public Expr Left { get; } = left;
    public Expr Right { get; } = right;
}
