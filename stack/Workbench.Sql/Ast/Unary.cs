namespace Workbench.Sql.Ast;

public sealed class Unary(UnaryOp op, Expr operand) : Expr
{
    public UnaryOp Op { get; } = op;
    public Expr Operand { get; } = operand;
}
