namespace Workbench.Sql.Ast;

public sealed record Assignment(string Column, Expr Value);
