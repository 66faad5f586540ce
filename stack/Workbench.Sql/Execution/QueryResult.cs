using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

/// <summary>What one statement produced: a result set (<see cref="Columns"/> not null) or an OK with counts.</summary>
internal sealed class QueryResult
{
    public IReadOnlyList<ResultColumn>? Columns { get; init; }
    public List<SqlValue[]> Rows { get; init; } = [];
    public long AffectedRows { get; init; }
    public long LastInsertId { get; init; }
    public string Info { get; init; } = "";
    public bool IsResultSet => Columns is not null;

    public static QueryResult Ok(long affected = 0, long lastInsertId = 0, string info = "") => new() { AffectedRows = affected, LastInsertId = lastInsertId, Info = info };

    public static QueryResult Set(IReadOnlyList<ResultColumn> columns, List<SqlValue[]> rows) => new() { Columns = columns, Rows = rows };
}
