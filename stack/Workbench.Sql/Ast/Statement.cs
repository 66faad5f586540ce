namespace Workbench.Sql.Ast;

/// <summary>One parsed statement. <see cref="Text"/> is its source (for EXPLAIN and errors).</summary>
public abstract class Statement
{
    public string Text { get; set; } = "";
}
