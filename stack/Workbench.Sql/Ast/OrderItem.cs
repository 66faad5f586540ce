namespace Workbench.Sql.Ast;

internal sealed record OrderItem(Expr Expr, bool Descending);
