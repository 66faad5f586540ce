namespace Workbench.Sql.Ast;

/// <summary>INSERT or REPLACE with a VALUES list (or `SET a=1, b=2`, turned into one row).</summary>
internal sealed class InsertStatement : Statement
{
    public required TableName Table { get; init; }
    public bool Replace { get; init; }
    public bool Ignore { get; set; }
    public List<string> Columns { get; } = [];
    public List<List<Expr>> Rows { get; } = [];
}
