using System.Globalization;
using System.Text;
using MySqlConnector;

namespace Workbench.Harness.Ycsb;

/// <summary>
/// go-ycsb's SQL schema: usertable(YCSB_KEY VARCHAR(64) PRIMARY KEY, FIELD0 … FIELDn TEXT), and the
/// statements its mysql binding sends (read = SELECT by key, update = UPDATE one field or all,
/// insert, scan = key ≥ ? ORDER BY key LIMIT n). Stateless.
/// </summary>
internal static class SqlYcsbSchema
{
    public const string Table = "usertable";

    /// <summary>Drops and recreates usertable (ENGINE=<paramref name="storageEngine"/> where the server has engines; ours ignores it).</summary>
    public static void Recreate(string connectionString, int fieldCount, string storageEngine)
    {
        using var c = new MySqlConnection(connectionString);
        c.Open();
        using (var drop = new MySqlCommand($"DROP TABLE IF EXISTS {Table}", c)) drop.ExecuteNonQuery();
        var sql = new StringBuilder($"CREATE TABLE {Table} (YCSB_KEY VARCHAR(64) PRIMARY KEY");
        for (var i = 0; i < fieldCount; i++) sql.Append(CultureInfo.InvariantCulture, $", FIELD{i} TEXT");
        sql.Append(CultureInfo.InvariantCulture, $") ENGINE={storageEngine}");
        using var create = new MySqlCommand(sql.ToString(), c);
        create.ExecuteNonQuery();
    }

    public static void Drop(string connectionString)
    {
        using var c = new MySqlConnection(connectionString);
        c.Open();
        using var drop = new MySqlCommand($"DROP TABLE IF EXISTS {Table}", c);
        drop.ExecuteNonQuery();
    }

    public static string Read => $"SELECT * FROM {Table} WHERE YCSB_KEY = @k";
    public static string Scan => $"SELECT * FROM {Table} WHERE YCSB_KEY >= @k ORDER BY YCSB_KEY LIMIT @n";
    public static string UpdateField(int field) => $"UPDATE {Table} SET FIELD{field} = @f{field} WHERE YCSB_KEY = @k";

    public static string UpdateAll(int fieldCount)
    {
        var sb = new StringBuilder($"UPDATE {Table} SET ");
        for (var i = 0; i < fieldCount; i++) sb.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}FIELD{i} = @f{i}");
        return sb.Append(" WHERE YCSB_KEY = @k").ToString();
    }

    public static string Insert(int fieldCount)
    {
        var sb = new StringBuilder($"INSERT INTO {Table} (YCSB_KEY");
        for (var i = 0; i < fieldCount; i++) sb.Append(CultureInfo.InvariantCulture, $", FIELD{i}");
        sb.Append(") VALUES (@k");
        for (var i = 0; i < fieldCount; i++) sb.Append(CultureInfo.InvariantCulture, $", @f{i}");
        return sb.Append(')').ToString();
    }

    /// <summary>A connection string for MySqlConnector against <paramref name="host"/>:<paramref name="port"/> (no TLS, no pooling: one connection per worker thread).</summary>
    public static string ConnectionString(string host, int port, string user, string password, string database) =>
        new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = (uint)port,
            UserID = user,
            Password = password,
            Database = database,
            SslMode = MySqlSslMode.None,
            Pooling = false,
            AllowPublicKeyRetrieval = true,
        }.ConnectionString;
}
