namespace Workbench.Sql.Catalog;

/// <summary>A database (schema) as stored in the catalog.</summary>
internal sealed class DatabaseInfo
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
}
