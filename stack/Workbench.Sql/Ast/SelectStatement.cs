namespace Workbench.Sql.Ast;

internal sealed class SelectStatement : Statement
{
    public bool Distinct { get; set; }
    public List<SelectItem> Items { get; } = [];
    public TableName? From { get; set; }
    public string? FromAlias { get; set; }
    public Expr? Where { get; set; }
    public List<Expr> GroupBy { get; } = [];
    public Expr? Having { get; set; }
    public List<OrderItem> OrderBy { get; } = [];
    public Expr? Limit { get; set; }
    public Expr? Offset { get; set; }
    public bool ForUpdate { get; set; }
}
