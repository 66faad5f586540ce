namespace Workbench.Sql.Ast;

/// <summary>One parsed statement. <see cref="Text"/> is its source (for EXPLAIN and errors).</summary>
internal abstract class Statement
{
    public string Text { get; set; } = "";
}
