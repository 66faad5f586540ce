namespace Workbench.Sql.Execution;

/// <summary>MySQL column definition flags.</summary>
[Flags]
internal enum ColumnFlags : ushort
{
    None = 0,
    NotNull = 1,
    PrimaryKey = 2,
    UniqueKey = 4,
    MultipleKey = 8,
    Blob = 16,
    Unsigned = 32,
    Binary = 128,
    AutoIncrement = 512,
    Num = 32768,
}
