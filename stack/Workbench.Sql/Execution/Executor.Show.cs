using System.Globalization;
using Workbench.Sql.Ast;
using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

internal sealed partial class Executor
{
    private QueryResult RunShow(ShowStatement s)
    {
        var rows = new List<SqlValue[]>();
        bool Match(string name) => s.Like is null || Evaluator.Like(name, s.Like);
        switch (s.Kind)
        {
            case ShowKind.Databases:
                foreach (var d in Db.Catalog.DatabaseNames()) if (Match(d)) rows.Add([Str(d)]);
                return QueryResult.Set([ResultColumn.Text("Database", 64)], rows);
            case ShowKind.Tables:
            {
                var db = s.Database ?? _session.CurrentDatabase ?? throw SqlException.NoDatabase();
                if (!Db.Catalog.DatabaseExists(db)) throw SqlException.UnknownDatabase(db);
                foreach (var t in Db.Catalog.Tables(db))
                    if (Match(t.Name)) rows.Add(s.Full ? [Str(t.Name), Str("BASE TABLE")] : [Str(t.Name)]);
                var cols = new List<ResultColumn> { ResultColumn.Text("Tables_in_" + db, 64) };
                if (s.Full) cols.Add(ResultColumn.Text("Table_type", 64));
                return QueryResult.Set(cols, rows);
            }
            case ShowKind.CreateTable:
            {
                var t = ResolveTable(s.Table!);
                rows.Add([Str(t.Name), Str(ShowCreateTable(t))]);
                return QueryResult.Set([ResultColumn.Text("Table", 64), ResultColumn.Text("Create Table", 1024)], rows);
            }
            case ShowKind.CreateDatabase:
            {
                var name = Db.Catalog.CanonicalDatabaseName(s.Database!) ?? throw SqlException.UnknownDatabase(s.Database!);
                rows.Add([Str(name), Str($"CREATE DATABASE `{name}` /*!40100 DEFAULT CHARACTER SET utf8mb4 */")]);
                return QueryResult.Set([ResultColumn.Text("Database", 64), ResultColumn.Text("Create Database", 1024)], rows);
            }
            case ShowKind.Variables:
            {
                var names = new SortedSet<string>(SystemVariables.Defaults.Keys, StringComparer.Ordinal);
                foreach (var k in _session.SessionVariables.Keys) names.Add(k);
                names.Add("autocommit");
                foreach (var n in names) if (Match(n)) rows.Add([Str(n), Str(_session.GetSystemVariable(n).AsString())]);
                return QueryResult.Set([ResultColumn.Text("Variable_name", 64), ResultColumn.Text("Value", 1024)], rows);
            }
            case ShowKind.Status:
            {
                var status = new (string, string)[]
                {
                    ("Questions", Db.Questions.ToString(CultureInfo.InvariantCulture)),
                    ("Threads_connected", Db.OpenSessions.ToString(CultureInfo.InvariantCulture)),
                    ("Uptime", Db.UptimeSeconds.ToString(CultureInfo.InvariantCulture)),
                };
                foreach (var (n, v) in status) if (Match(n)) rows.Add([Str(n), Str(v)]);
                foreach (var (n, v) in Db.WriteStats.ToStatus()) if (Match(n)) rows.Add([Str(n), Str(v.ToString(CultureInfo.InvariantCulture))]);
                // Where the bytes go (DESIGN.md §5.5): the engine's writes by category and the process's device writes.
                if (Db.Store.Engine is { } engine)
                {
                    var m = engine.GetMetrics();
                    foreach (var (cat, bytes) in m.Io.ToDictionary())
                        if (Match("Workbench_engine_write_bytes_" + cat)) rows.Add([Str("Workbench_engine_write_bytes_" + cat), Str(bytes.ToString(CultureInfo.InvariantCulture))]);
                    if (Match("Workbench_engine_disk_bytes")) rows.Add([Str("Workbench_engine_disk_bytes"), Str(m.DiskBytes.ToString(CultureInfo.InvariantCulture))]);
                }
                if (Storage.Proc.ProcessIo.IsSupported && Match("Workbench_process_write_bytes"))
                    rows.Add([Str("Workbench_process_write_bytes"), Str(Storage.Proc.ProcessIo.ReadSelf().WriteBytes.ToString(CultureInfo.InvariantCulture))]);
                return QueryResult.Set([ResultColumn.Text("Variable_name", 64), ResultColumn.Text("Value", 1024)], rows);
            }
            case ShowKind.Warnings:
                foreach (var (level, code, message) in _session.Warnings) rows.Add([Str(level), SqlValue.FromInt(code), Str(message)]);
                return QueryResult.Set([ResultColumn.Text("Level", 7), new ResultColumn("Code", ColumnType.Long, 4, ColumnFlags.NotNull | ColumnFlags.Unsigned | ColumnFlags.Num), ResultColumn.Text("Message", 512)], rows);
            case ShowKind.Columns:
            {
                var t = ResolveTable(s.Table!);
                foreach (var c in t.Columns)
                {
                    string key = c.PrimaryKey ? "PRI" : "";
                    foreach (var i in t.Indexes) if (key == "" && i.Columns[0] == c.Offset) key = i.Unique && i.Columns.Count == 1 ? "UNI" : "MUL";
                    if (!Match(c.Name)) continue;
                    rows.Add([Str(c.Name), Str(c.TypeText()), Str(c.NotNull ? "NO" : "YES"), Str(key),
                        c.DefaultText is null ? SqlValue.Null : Str(c.DefaultValue().AsString()), Str(c.AutoIncrement ? "auto_increment" : "")]);
                }
                return QueryResult.Set([ResultColumn.Text("Field", 64), ResultColumn.Text("Type", 64), ResultColumn.Text("Null", 3), ResultColumn.Text("Key", 3), ResultColumn.Text("Default", 64), ResultColumn.Text("Extra", 64)], rows);
            }
            case ShowKind.Index:
            {
                var t = ResolveTable(s.Table!);
                if (t.HandleColumn >= 0) rows.Add([Str(t.Name), SqlValue.FromInt(0), Str("PRIMARY"), SqlValue.FromInt(1), Str(t.Columns[t.HandleColumn].Name)]);
                foreach (var i in t.Indexes)
                    for (int k = 0; k < i.Columns.Count; k++)
                        rows.Add([Str(t.Name), SqlValue.FromInt(i.Unique ? 0 : 1), Str(i.Name), SqlValue.FromInt(k + 1), Str(t.Columns[i.Columns[k]].Name)]);
                return QueryResult.Set([ResultColumn.Text("Table", 64), ResultColumn.Int("Non_unique"), ResultColumn.Text("Key_name", 64), ResultColumn.Int("Seq_in_index"), ResultColumn.Text("Column_name", 64)], rows);
            }
            case ShowKind.Engines:
                rows.Add([Str("Workbench"), Str("DEFAULT"), Str(Db.Store.Description), Str("YES"), Str("NO"), Str("NO")]);
                return QueryResult.Set([ResultColumn.Text("Engine", 64), ResultColumn.Text("Support", 8), ResultColumn.Text("Comment", 160), ResultColumn.Text("Transactions", 3), ResultColumn.Text("XA", 3), ResultColumn.Text("Savepoints", 3)], rows);
            case ShowKind.Collation:
                if (Match("utf8mb4_general_ci")) rows.Add([Str("utf8mb4_general_ci"), Str("utf8mb4"), SqlValue.FromInt(45), Str("Yes")]);
                if (Match("binary")) rows.Add([Str("binary"), Str("binary"), SqlValue.FromInt(63), Str("Yes")]);
                return QueryResult.Set([ResultColumn.Text("Collation", 64), ResultColumn.Text("Charset", 64), ResultColumn.Int("Id"), ResultColumn.Text("Default", 3)], rows);
            case ShowKind.CharacterSet:
                if (Match("utf8mb4")) rows.Add([Str("utf8mb4"), Str("UTF-8 Unicode"), Str("utf8mb4_general_ci"), SqlValue.FromInt(4)]);
                if (Match("binary")) rows.Add([Str("binary"), Str("Binary pseudo charset"), Str("binary"), SqlValue.FromInt(1)]);
                return QueryResult.Set([ResultColumn.Text("Charset", 64), ResultColumn.Text("Description", 64), ResultColumn.Text("Default collation", 64), ResultColumn.Int("Maxlen")], rows);
            default:
                rows.Add([SqlValue.FromInt(_session.ConnectionId), Str(_session.User), Str("127.0.0.1"), _session.CurrentDatabase is null ? SqlValue.Null : Str(_session.CurrentDatabase), Str("Query"), SqlValue.FromInt(0), Str(""), Str("SHOW PROCESSLIST")]);
                return QueryResult.Set([ResultColumn.Int("Id"), ResultColumn.Text("User"), ResultColumn.Text("Host"), ResultColumn.Text("db"), ResultColumn.Text("Command"), ResultColumn.Int("Time"), ResultColumn.Text("State"), ResultColumn.Text("Info")], rows);
        }
    }
}
