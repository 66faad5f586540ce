using Workbench.Sql.Values;

namespace Workbench.Sql.Ast;

internal sealed class Literal(SqlValue value) : Expr
{
    public SqlValue Value { get; } = value;
}
