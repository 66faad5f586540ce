using System.Globalization;
using Workbench.Sql.Transactions;
using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

/// <summary>Per-connection state: user, current database, autocommit and the open transaction, variables, last insert id, warnings. One thread at a time.</summary>
internal sealed class Session(SqlDatabase database, long connectionId, string user)
{
    public SqlDatabase Database { get; } = database;
    public long ConnectionId { get; } = connectionId;
    public string User { get; } = user;
    public string? CurrentDatabase { get; set; }
    public bool Autocommit { get; set; } = true;
    /// <summary>The open transaction: explicit (BEGIN) or implicit (autocommit off); null between transactions.</summary>
    public ISqlTransaction? Transaction { get; set; }
    public Dictionary<string, SqlValue> UserVariables { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, SqlValue> SessionVariables { get; } = new(StringComparer.OrdinalIgnoreCase);
    public long LastInsertId { get; set; }
    public long LastAffectedRows { get; set; }
    public long LastFoundRows { get; set; }
    /// <summary>The client sent CLIENT_FOUND_ROWS: UPDATE reports matched rows, not changed ones, as affected (MySQL's rule).</summary>
    public bool ClientFoundRows { get; set; }
    public List<(string Level, int Code, string Message)> Warnings { get; } = [];

    public bool InTransaction => Transaction is not null;

    public SqlValue GetSystemVariable(string name)
    {
        name = Parsing.Parser.StripScope(name);
        if (name.Equals("autocommit", StringComparison.OrdinalIgnoreCase)) return SqlValue.FromInt(Autocommit ? 1 : 0);
        if (name.Equals("last_insert_id", StringComparison.OrdinalIgnoreCase) || name.Equals("identity", StringComparison.OrdinalIgnoreCase)) return SqlValue.FromInt(LastInsertId);
        if (name.Equals("warning_count", StringComparison.OrdinalIgnoreCase)) return SqlValue.FromInt(Warnings.Count);
        if (name.Equals("character_set_database", StringComparison.OrdinalIgnoreCase)) return SqlValue.FromString("utf8mb4");
        if (SessionVariables.TryGetValue(name, out var v)) return v;
        if (SystemVariables.Defaults.TryGetValue(name, out var d)) return d;
        throw new SqlException(1193, "HY000", $"Unknown system variable '{name}'");
    }

    public void SetSystemVariable(string name, SqlValue value)
    {
        name = Parsing.Parser.StripScope(name);
        if (name.Equals("autocommit", StringComparison.OrdinalIgnoreCase))
        {
            var s = value.AsString();
            bool on = s.Equals("ON", StringComparison.OrdinalIgnoreCase) || (value.IsNumeric && value.AsInt() != 0) || s == "1";
            Autocommit = on;
            return;
        }
        if (name is "names" or "transaction") return;
        // Other variables are accepted and remembered (SELECT @@x shows them), without effect.
        SessionVariables[name] = value.Kind == SqlValueKind.String && long.TryParse(value.AsString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? SqlValue.FromInt(l) : value;
    }
}
