namespace Workbench.Sql.Ast;

internal sealed record IndexDefinition(string? Name, bool Primary, bool Unique, IReadOnlyList<string> Columns);
