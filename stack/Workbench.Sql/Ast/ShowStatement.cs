namespace Workbench.Sql.Ast;

internal sealed class ShowStatement : Statement
{
    public ShowKind Kind { get; init; }
    public TableName? Table { get; init; }
    public string? Database { get; init; }
    public string? Like { get; init; }
    public bool Full { get; init; }
}
