namespace Workbench.Sql.Ast;

/// <summary>A `?` placeholder of a prepared statement (0-based, in text order).</summary>
internal sealed class Parameter(int index) : Expr
{
    public int Index { get; } = index;
}
