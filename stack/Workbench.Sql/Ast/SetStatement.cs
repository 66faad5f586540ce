namespace Workbench.Sql.Ast;

/// <summary>SET [SESSION|GLOBAL] name = expr, …; SET NAMES x; SET TRANSACTION … (names lower-case, without scope).</summary>
internal sealed class SetStatement : Statement
{
    public List<(string Name, bool User, Expr Value)> Assignments { get; } = [];
}
