namespace Workbench.Sql.Execution;

/// <summary>
/// The SQL layer's row of DESIGN.md §5.5: bytes of the row and index entries committed statements
/// changed, as encoded by the table codec (key + value for a put, key for a delete) — exactly the
/// mutations handed to the transaction layer. Counted when the transaction commits (a rolled back or
/// conflicting transaction adds nothing); a key written twice in one transaction counts twice, as it
/// was handed down twice. DDL counts the table data it changes (an index backfill's entries, the
/// rows TRUNCATE or DROP deletes); schema and auto-id meta records are not counted (they are not rows).
/// Thread-safe; monotonic.
/// </summary>
public sealed class SqlWriteStats
{
    private long _rowBytes, _rowPuts, _rowDeletes, _indexBytes, _indexPuts, _indexDeletes, _commits;

    /// <summary>Row records (t{table}_r{handle}): key + row-format-v2 value bytes, and key bytes of deleted rows.</summary>
    public long RowBytes => Interlocked.Read(ref _rowBytes);
    /// <summary>Row records written (puts).</summary>
    public long RowPuts => Interlocked.Read(ref _rowPuts);
    /// <summary>Row records deleted.</summary>
    public long RowDeletes => Interlocked.Read(ref _rowDeletes);
    /// <summary>Index entries (t{table}_i{index}…): key + value bytes, and key bytes of deleted entries.</summary>
    public long IndexBytes => Interlocked.Read(ref _indexBytes);
    /// <summary>Index entries written (puts).</summary>
    public long IndexPuts => Interlocked.Read(ref _indexPuts);
    /// <summary>Index entries deleted.</summary>
    public long IndexDeletes => Interlocked.Read(ref _indexDeletes);
    /// <summary>Committed transactions that changed at least one row or index entry.</summary>
    public long Commits => Interlocked.Read(ref _commits);
    /// <summary>Row and index bytes together: what the SQL layer handed to the transaction layer.</summary>
    public long TotalBytes => RowBytes + IndexBytes;

    internal void Add(in TransactionWrites w)
    {
        if (w.IsEmpty) return;
        Interlocked.Add(ref _rowBytes, w.RowBytes);
        Interlocked.Add(ref _rowPuts, w.RowPuts);
        Interlocked.Add(ref _rowDeletes, w.RowDeletes);
        Interlocked.Add(ref _indexBytes, w.IndexBytes);
        Interlocked.Add(ref _indexPuts, w.IndexPuts);
        Interlocked.Add(ref _indexDeletes, w.IndexDeletes);
        Interlocked.Increment(ref _commits);
    }

    /// <summary>The counters as SHOW STATUS names them (Workbench_sql_*).</summary>
    public IReadOnlyList<(string Name, long Value)> ToStatus() =>
    [
        ("Workbench_sql_write_bytes", TotalBytes),
        ("Workbench_sql_row_bytes", RowBytes),
        ("Workbench_sql_row_puts", RowPuts),
        ("Workbench_sql_row_deletes", RowDeletes),
        ("Workbench_sql_index_bytes", IndexBytes),
        ("Workbench_sql_index_puts", IndexPuts),
        ("Workbench_sql_index_deletes", IndexDeletes),
        ("Workbench_sql_write_commits", Commits),
    ];
}
