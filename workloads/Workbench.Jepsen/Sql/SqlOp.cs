using MySqlConnector;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// One operation's statements on one connection, inside the driver's BEGIN … COMMIT. Statements
/// take positional arguments bound as @p0, @p1, …; <see cref="Write"/> also remembers the statement,
/// so the broken blind-retry client can run it again. Belongs to one thread.
/// </summary>
internal sealed class SqlOp(MySqlConnection connection)
{
    public List<(string Sql, object?[] Args)> Writes { get; } = [];

    public MySqlConnection Connection { get; } = connection;

    /// <summary>Runs a statement that returns no rows; returns the affected rows (matched rows for UPDATE: MySqlConnector asks for CLIENT_FOUND_ROWS).</summary>
    public int Execute(string sql, params object?[] args)
    {
        using var cmd = Command(Connection, sql, args);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>As <see cref="Execute"/>, remembered for a blind retry.</summary>
    public int Write(string sql, params object?[] args)
    {
        Writes.Add((sql, args));
        return Execute(sql, args);
    }

    /// <summary>Runs a query; returns every row's values (DBNull as null).</summary>
    public List<object?[]> Query(string sql, params object?[] args)
    {
        using var cmd = Command(Connection, sql, args);
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static MySqlCommand Command(MySqlConnection connection, string sql, object?[] args)
    {
        var cmd = new MySqlCommand(sql, connection);
        for (var i = 0; i < args.Length; i++) cmd.Parameters.AddWithValue("@p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), args[i]);
        return cmd;
    }
}
