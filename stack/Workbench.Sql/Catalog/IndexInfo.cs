namespace Workbench.Sql.Catalog;

/// <summary>An index of a table. A primary key on one integer column is the row handle and has no index entry.</summary>
internal sealed class IndexInfo
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public bool Unique { get; set; }
    public bool Primary { get; set; }
    /// <summary>Offsets of the indexed columns in the row, in index order.</summary>
    public List<int> Columns { get; set; } = [];
}
