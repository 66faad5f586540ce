namespace Workbench.Sql.Ast;

internal enum DatabaseAction
{
    Create,
    Drop,
    Use,
}

/// <summary>CREATE DATABASE [IF NOT EXISTS] / DROP DATABASE [IF EXISTS] / USE.</summary>
internal sealed class DatabaseStatement : Statement
{
    public DatabaseAction Action { get; init; }
    public required string Name { get; init; }
    public bool IfClause { get; init; }
}
