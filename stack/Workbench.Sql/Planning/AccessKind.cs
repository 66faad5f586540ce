namespace Workbench.Sql.Planning;

/// <summary>How rows of a table are reached (TiDB's physical access operators).</summary>
internal enum AccessKind
{
    PointGet,
    BatchPointGet,
    UniqueIndexGet,
    IndexRangeScan,
    TableRangeScan,
    TableFullScan,
}
