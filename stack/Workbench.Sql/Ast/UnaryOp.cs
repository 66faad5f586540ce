namespace Workbench.Sql.Ast;

internal enum UnaryOp
{
    Not,
    Negate,
    Plus,
}
