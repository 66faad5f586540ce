namespace Workbench.Sql.Ast;

internal sealed record Assignment(string Column, Expr Value);
