using Workbench.Sql.Catalog;

namespace Workbench.Sql.Ast;

internal sealed class ColumnDefinition
{
    public string Name { get; set; } = "";
    public SqlTypeKind Type { get; set; }
    public int Length { get; set; }
    public int Scale { get; set; }
    public bool Unsigned { get; set; }
    public bool NotNull { get; set; }
    public bool AutoIncrement { get; set; }
    public bool PrimaryKey { get; set; }
    public bool UniqueKey { get; set; }
    public string? DefaultText { get; set; }
    public bool DefaultIsNull { get; set; }
}
