namespace Workbench.Harness.Matrix;

/// <summary>
/// Bytes each layer above the engine handed to the one below (DESIGN.md §5.5): SQL rows and index
/// entries as encoded by the table codec; Percolator's modifications by CF. A snapshot of
/// monotonic counters; <see cref="Minus"/> gives a phase's share.
/// </summary>
internal sealed record LayerBytes(long SqlRows, long SqlIndex, long TxnDefault, long TxnLock, long TxnWrite)
{
    public long Sql => SqlRows + SqlIndex;
    public long Txn => TxnDefault + TxnLock + TxnWrite;

    public LayerBytes Minus(LayerBytes before) =>
        new(SqlRows - before.SqlRows, SqlIndex - before.SqlIndex, TxnDefault - before.TxnDefault, TxnLock - before.TxnLock, TxnWrite - before.TxnWrite);

    /// <summary>As the results' layer_bytes map: sql, sql_rows, sql_index, txn, txn_default, txn_lock, txn_write.</summary>
    public Dictionary<string, long> ToDictionary() => new(StringComparer.Ordinal)
    {
        ["sql"] = Sql,
        ["sql_rows"] = SqlRows,
        ["sql_index"] = SqlIndex,
        ["txn"] = Txn,
        ["txn_default"] = TxnDefault,
        ["txn_lock"] = TxnLock,
        ["txn_write"] = TxnWrite,
    };
}
