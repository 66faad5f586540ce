namespace Workbench.Sql.Ast;

internal sealed class TruncateStatement : Statement
{
    public required TableName Table { get; init; }
}
