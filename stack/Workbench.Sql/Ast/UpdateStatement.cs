namespace Workbench.Sql.Ast;

internal sealed class UpdateStatement : Statement
{
    public required TableName Table { get; init; }
    public List<Assignment> Assignments { get; } = [];
    public Expr? Where { get; set; }
    public List<OrderItem> OrderBy { get; } = [];
    public Expr? Limit { get; set; }
}
