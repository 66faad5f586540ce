namespace Workbench.Sql.Ast;

public sealed record IndexDefinition(string? Name, bool Primary, bool Unique, IReadOnlyList<string> Columns);
