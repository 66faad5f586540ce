namespace Workbench.Sql.Catalog;

/// <summary>
/// A table's schema (stored as JSON under TiDB's `m` meta keys). When the primary key is a single
/// integer column, its value is the row handle (TiDB's PKIsHandle) and it is left out of the row
/// value; otherwise rows get a hidden handle from the auto-id allocator.
/// </summary>
internal sealed class TableInfo
{
    public long Id { get; set; }
    public long DatabaseId { get; set; }
    public string Name { get; set; } = "";
    public List<ColumnInfo> Columns { get; set; } = [];
    public List<IndexInfo> Indexes { get; set; } = [];
    /// <summary>Offset of the column that is the handle, or -1 for a hidden handle.</summary>
    public int HandleColumn { get; set; } = -1;
    public long NextIndexId { get; set; } = 1;
    public string Comment { get; set; } = "";

    public ColumnInfo? FindColumn(string name)
    {
        foreach (var c in Columns)
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        return null;
    }

    public IndexInfo? FindIndex(string name)
    {
        foreach (var i in Indexes)
            if (string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return null;
    }

    public int AutoIncrementColumn
    {
        get
        {
            foreach (var c in Columns) if (c.AutoIncrement) return c.Offset;
            return -1;
        }
    }
}
