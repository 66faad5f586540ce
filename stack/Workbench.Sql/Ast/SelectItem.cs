namespace Workbench.Sql.Ast;

/// <summary>A select-list entry: an expression with an optional alias, or `*` / `t.*`.</summary>
internal sealed record SelectItem(Expr? Expr, string? Alias, bool Star, string Text);
