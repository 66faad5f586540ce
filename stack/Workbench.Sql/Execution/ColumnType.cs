namespace Workbench.Sql.Execution;

/// <summary>MySQL column type codes as sent in ColumnDefinition41 (the executor types its results with them).</summary>
internal enum ColumnType : byte
{
    Tiny = 1,
    Short = 2,
    Long = 3,
    Double = 5,
    Null = 6,
    LongLong = 8,
    NewDecimal = 0xF6,
    Blob = 0xFC,
    VarString = 0xFD,
    String = 0xFE,
}
