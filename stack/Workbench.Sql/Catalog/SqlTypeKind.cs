namespace Workbench.Sql.Catalog;

/// <summary>Column types of the dialect (the MySQL types sysbench, YCSB and hand-typed schemas use).</summary>
internal enum SqlTypeKind
{
    TinyInt,
    SmallInt,
    Int,
    BigInt,
    Double,
    Decimal,
    Char,
    VarChar,
    Text,
    Blob,
}
