namespace Workbench.Sql.Ast;

internal sealed class Unary(UnaryOp op, Expr operand) : Expr
{
    public UnaryOp Op { get; } = op;
    public Expr Operand { get; } = operand;
}
