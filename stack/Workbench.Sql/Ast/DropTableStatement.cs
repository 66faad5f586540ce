namespace Workbench.Sql.Ast;

internal sealed class DropTableStatement : Statement
{
    public bool IfExists { get; init; }
    public List<TableName> Tables { get; } = [];
}
