namespace Workbench.Sql.Ast;

/// <summary>INSERT or REPLACE with a VALUES list (or `SET a=1, b=2`, turned into one row), optionally INSERT … ON DUPLICATE KEY UPDATE.</summary>
internal sealed class InsertStatement : Statement
{
    public required TableName Table { get; init; }
    public bool Replace { get; init; }
    public bool Ignore { get; set; }
    public List<string> Columns { get; } = [];
    public List<List<Expr>> Rows { get; } = [];
    /// <summary>ON DUPLICATE KEY UPDATE assignments: applied to the existing row a new row collides with (primary key or unique index) instead of failing; empty when absent.</summary>
    public List<Assignment> OnDuplicate { get; } = [];
}
