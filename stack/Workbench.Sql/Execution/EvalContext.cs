using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

/// <summary>Inputs of expression evaluation: the current row, the statement's parameters, aggregate results of the current group, the row an upsert would have inserted, and the session.</summary>
internal sealed class EvalContext(Session session, IReadOnlyList<SqlValue> parameters)
{
    public Session Session { get; } = session;
    public IReadOnlyList<SqlValue> Parameters { get; } = parameters;
    public SqlValue[]? Row { get; set; }
    public SqlValue[]? Aggregates { get; set; }

    /// <summary>The row an INSERT … ON DUPLICATE KEY UPDATE would have inserted (what VALUES(col) reads); null outside its assignments.</summary>
    public SqlValue[]? InsertRow { get; set; }
}
