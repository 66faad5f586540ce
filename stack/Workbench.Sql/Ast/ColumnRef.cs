namespace Workbench.Sql.Ast;

internal sealed class ColumnRef(string? table, string name) : Expr
{
    public string? Table { get; } = table;
    public string Name { get; } = name;
    /// <summary>Offset in the input row once bound; -1 before.</summary>
    public int Offset { get; set; } = -1;
}
