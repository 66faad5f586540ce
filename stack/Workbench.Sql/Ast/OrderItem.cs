namespace Workbench.Sql.Ast;

public sealed record OrderItem(Expr Expr, bool Descending);
