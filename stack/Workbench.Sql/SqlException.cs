using Workbench.Sql.Parsing;

namespace Workbench.Sql;

/// <summary>
/// A statement failed with a MySQL error: <see cref="Code"/> and <see cref="SqlState"/> are what the
/// client receives (1064/42000 syntax, 1146/42S02 no table, 1062/23000 duplicate, 1213/40001 conflict, …).
/// </summary>
public sealed class SqlException : Exception
{
    public int Code { get; }
    public string SqlState { get; }

    public SqlException(int code, string sqlState, string message) : base(message)
    {
        Code = code;
        SqlState = sqlState;
    }

    public SqlException() : this(1105, "HY000", "unknown error") { }
    public SqlException(string message) : this(1105, "HY000", message) { }
    public SqlException(string message, Exception inner) : base(message, inner) { Code = 1105; SqlState = "HY000"; }

    public static SqlException Syntax(string sql, Token at, string? expected = null)
    {
        ArgumentNullException.ThrowIfNull(sql);
        string near = at.Kind == TokenKind.End ? "" : sql[Math.Min(at.Position, sql.Length)..];
        if (near.Length > 80) near = near[..80];
        string what = expected is null ? "" : $" (expected {expected})";
        return new SqlException(1064, "42000",
            $"You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near '{near}' at line {at.Line}: unexpected {Describe(at)} at position {at.Position}{what}");
    }

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.End => "end of statement",
        TokenKind.String => $"string '{t.Text}'",
        _ => $"'{t.Text}'",
    };

    public static SqlException NoSuchTable(string db, string table) => new(1146, "42S02", $"Table '{db}.{table}' doesn't exist");
    public static SqlException UnknownDatabase(string db) => new(1049, "42000", $"Unknown database '{db}'");
    public static SqlException NoDatabase() => new(1046, "3D000", "No database selected");
    public static SqlException UnknownColumn(string column, string where) => new(1054, "42S22", $"Unknown column '{column}' in '{where}'");
    public static SqlException Duplicate(string value, string key) => new(1062, "23000", $"Duplicate entry '{value}' for key '{key}'");
    public static SqlException Conflict(string detail) => new(1213, "40001", $"Deadlock found when trying to get lock; try restarting transaction ({detail})");
    public static SqlException Unsupported(string what) => new(1235, "42000", $"This version of the server doesn't yet support '{what}'");
}
