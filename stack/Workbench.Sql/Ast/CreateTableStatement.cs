namespace Workbench.Sql.Ast;

/// <summary>CREATE TABLE; table options (ENGINE, CHARSET, …) are accepted and ignored.</summary>
internal sealed class CreateTableStatement : Statement
{
    public required TableName Table { get; init; }
    public bool IfNotExists { get; init; }
    public List<ColumnDefinition> Columns { get; } = [];
    public List<IndexDefinition> Indexes { get; } = [];
}
