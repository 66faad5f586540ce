using Workbench.Sql.Parsing;

namespace Workbench.Sql;

/// <summary>
/// A statement failed with a MySQL error: <see cref="Code"/> and <see cref="SqlState"/> are what the
/// client receives (1064/42000 syntax, 1146/42S02 no table, 1062/23000 duplicate, 1213/40001 conflict, …).
/// </summary>
public sealed class SqlException : Exception
{
    /// <summary>MySQL error number sent to the client (e.g. 1064 syntax, 1213 deadlock/conflict).</summary>
    public int Code { get; }
    /// <summary>Five-character SQLSTATE sent with the error (e.g. 42000, 40001).</summary>
    public string SqlState { get; }

    /// <summary>An error the client will see as <paramref name="code"/> / <paramref name="sqlState"/> with <paramref name="message"/>.</summary>
    public SqlException(int code, string sqlState, string message) : base(message)
    {
        Code = code;
        SqlState = sqlState;
    }

    /// <summary>Error 1105 (HY000, unknown error) without detail.</summary>
    public SqlException() : this(1105, "HY000", "unknown error") { }
    /// <summary>Error 1105 (HY000) with <paramref name="message"/>.</summary>
    public SqlException(string message) : this(1105, "HY000", message) { }
    /// <summary>Error 1105 (HY000) wrapping the failure behind it.</summary>
    public SqlException(string message, Exception inner) : base(message, inner) { Code = 1105; SqlState = "HY000"; }

    internal static SqlException Syntax(string sql, Token at, string? expected = null)
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

    /// <summary>1146/42S02: the table does not exist in database <paramref name="db"/>.</summary>
    public static SqlException NoSuchTable(string db, string table) => new(1146, "42S02", $"Table '{db}.{table}' doesn't exist");
    /// <summary>1049/42000: unknown database.</summary>
    public static SqlException UnknownDatabase(string db) => new(1049, "42000", $"Unknown database '{db}'");
    /// <summary>1046/3D000: a statement needs a current database and none is selected.</summary>
    public static SqlException NoDatabase() => new(1046, "3D000", "No database selected");
    /// <summary>1054/42S22: unknown column <paramref name="column"/> in the clause named by <paramref name="where"/>.</summary>
    public static SqlException UnknownColumn(string column, string where) => new(1054, "42S22", $"Unknown column '{column}' in '{where}'");
    /// <summary>1062/23000: duplicate entry <paramref name="value"/> for unique key <paramref name="key"/>.</summary>
    public static SqlException Duplicate(string value, string key) => new(1062, "23000", $"Duplicate entry '{value}' for key '{key}'");
    /// <summary>1213/40001: the transaction lost a write conflict and is gone; the client retries it.</summary>
    public static SqlException Conflict(string detail) => new(1213, "40001", $"Deadlock found when trying to get lock; try restarting transaction ({detail})");
    /// <summary>1235/42000: a feature this server does not support, named by <paramref name="what"/>.</summary>
    public static SqlException Unsupported(string what) => new(1235, "42000", $"This version of the server doesn't yet support '{what}'");
}
