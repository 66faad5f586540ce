namespace Workbench.Sql.Ast;

public sealed class TruncateStatement : Statement
{
    public required TableName Table { get; init; }
}
