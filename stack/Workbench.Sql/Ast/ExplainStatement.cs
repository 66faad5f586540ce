namespace Workbench.Sql.Ast;

public sealed class ExplainStatement : Statement
{
    public required Statement Inner { get; init; }
}
