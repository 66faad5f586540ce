namespace Workbench.Sql.Ast;

internal sealed record TableName(string? Database, string Name)
{
    public override string ToString() => Database is null ? Name : $"{Database}.{Name}";
}
