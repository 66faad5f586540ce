namespace Workbench.Sql.Ast;

public enum UnaryOp
{
    Not,
    Negate,
    Plus,
}
