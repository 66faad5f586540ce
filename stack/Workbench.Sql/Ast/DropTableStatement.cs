namespace Workbench.Sql.Ast;

public sealed class DropTableStatement : Statement
{
    public bool IfExists { get; init; }
    public List<TableName> Tables { get; } = [];
}
