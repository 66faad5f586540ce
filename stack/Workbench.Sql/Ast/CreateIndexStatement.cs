namespace Workbench.Sql.Ast;

internal sealed class CreateIndexStatement : Statement
{
    public required string Name { get; init; }
    public required TableName Table { get; init; }
    public bool Unique { get; init; }
    public List<string> Columns { get; } = [];
}
