namespace Workbench.Sql.Values;

/// <summary>The runtime kinds a SQL value takes in the executor (TiDB's Datum kinds, narrowed).</summary>
internal enum SqlValueKind : byte
{
    Null,
    Int,
    Double,
    Decimal,
    String,
}
