namespace Workbench.Sql.Ast;

internal sealed class ExplainStatement : Statement
{
    public required Statement Inner { get; init; }
}
