namespace Workbench.Sql.Ast;

public enum DatabaseAction
{
    Create,
    Drop,
    Use,
}

/// <summary>CREATE DATABASE [IF NOT EXISTS] / DROP DATABASE [IF EXISTS] / USE.</summary>
public sealed class DatabaseStatement : Statement
{
    public DatabaseAction Action { get; init; }
    public required string Name { get; init; }
    public bool IfClause { get; init; }
}
