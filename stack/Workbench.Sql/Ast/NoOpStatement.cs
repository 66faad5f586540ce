namespace Workbench.Sql.Ast;

/// <summary>A statement accepted with an OK and no effect here (ANALYZE TABLE, LOCK/UNLOCK TABLES, FLUSH, DO, …); <see cref="What"/> names it.</summary>
internal sealed class NoOpStatement(string what) : Statement
{
    public string What { get; } = what;
}
