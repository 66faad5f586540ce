namespace Workbench.Sql.Ast;

internal sealed class DeleteStatement : Statement
{
    public required TableName Table { get; init; }
    public Expr? Where { get; set; }
    public List<OrderItem> OrderBy { get; } = [];
    public Expr? Limit { get; set; }
}
