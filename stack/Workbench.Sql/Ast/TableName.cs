namespace Workbench.Sql.Ast;

public sealed record TableName(string? Database, string Name)
{
    public override string ToString() => Database is null ? Name : $"{Database}.{Name}";
}
