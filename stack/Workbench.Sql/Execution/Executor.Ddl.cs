using Workbench.Sql.Ast;
using Workbench.Sql.Catalog;
using Workbench.Sql.Codec;
using Workbench.Sql.Values;

namespace Workbench.Sql.Execution;

internal sealed partial class Executor
{
    private QueryResult RunCreateDatabase(DatabaseStatement d)
    {
        bool created = Db.Catalog.Ddl(txn =>
        {
            if (Db.Catalog.ReadDatabase(txn, d.Name) is not null)
            {
                if (d.IfClause) return false;
                throw new SqlException(1007, "HY000", $"Can't create database '{d.Name}'; database exists");
            }
            SchemaCatalog.WriteDatabase(txn, new DatabaseInfo { Id = SchemaCatalog.NextGlobalId(txn), Name = d.Name });
            return true;
        });
        if (!created) _session.Warnings.Add(("Note", 1007, $"Can't create database '{d.Name}'; database exists"));
        return QueryResult.Ok(created ? 1 : 0);
    }

    private QueryResult RunDropDatabase(DatabaseStatement d)
    {
        int dropped = Db.Catalog.Ddl(txn =>
        {
            var db = Db.Catalog.ReadDatabase(txn, d.Name);
            if (db is null)
            {
                if (d.IfClause) return -1;
                throw new SqlException(1008, "HY000", $"Can't drop database '{d.Name}'; database doesn't exist");
            }
            var tables = Db.Catalog.ReadTables(txn, db);
            foreach (var t in tables) SchemaCatalog.DeleteTable(txn, t);
            SchemaCatalog.DeleteDatabase(txn, db);
            return tables.Count;
        });
        if (dropped < 0) _session.Warnings.Add(("Note", 1008, $"Can't drop database '{d.Name}'; database doesn't exist"));
        if (dropped >= 0 && string.Equals(_session.CurrentDatabase, d.Name, StringComparison.OrdinalIgnoreCase)) _session.CurrentDatabase = null;
        return QueryResult.Ok(Math.Max(0, dropped));
    }

    private QueryResult RunDdl(Statement statement)
    {
        switch (statement)
        {
            case CreateTableStatement ct: return CreateTable(ct);
            case CreateIndexStatement ci: return CreateIndex(ci);
            case DropTableStatement dt: return DropTables(dt);
            case TruncateStatement tr: return Truncate(tr);
            default: throw SqlException.Unsupported(statement.GetType().Name);
        }
    }

    private DatabaseInfo RequireDatabase(Transactions.ISqlTransaction txn, string name) =>
        Db.Catalog.ReadDatabase(txn, name) ?? throw SqlException.UnknownDatabase(name);

    private QueryResult CreateTable(CreateTableStatement ct)
    {
        string dbName = DatabaseOf(ct.Table);
        bool created = Db.Catalog.Ddl(txn =>
        {
            var db = RequireDatabase(txn, dbName);
            if (Db.Catalog.ReadTable(txn, db, ct.Table.Name) is not null)
            {
                if (ct.IfNotExists) return false;
                throw new SqlException(1050, "42S01", $"Table '{ct.Table.Name}' already exists");
            }
            var t = BuildTable(ct, db);
            t.Id = SchemaCatalog.NextGlobalId(txn);
            SchemaCatalog.WriteTable(txn, t);
            return true;
        });
        if (!created) _session.Warnings.Add(("Note", 1050, $"Table '{ct.Table.Name}' already exists"));
        return QueryResult.Ok();
    }

    private static TableInfo BuildTable(CreateTableStatement ct, DatabaseInfo db)
    {
        var t = new TableInfo { DatabaseId = db.Id, Name = ct.Table.Name };
        if (ct.Columns.Count == 0) throw new SqlException(1113, "42000", "A table must have at least 1 column");
        foreach (var c in ct.Columns)
        {
            if (t.FindColumn(c.Name) is not null) throw new SqlException(1060, "42S21", $"Duplicate column name '{c.Name}'");
            var info = new ColumnInfo
            {
                Id = t.Columns.Count + 1, Name = c.Name, Offset = t.Columns.Count, Type = c.Type, Length = c.Length, Scale = c.Scale,
                Unsigned = c.Unsigned, NotNull = c.NotNull, AutoIncrement = c.AutoIncrement, DefaultText = c.DefaultText, DefaultIsNull = c.DefaultIsNull,
            };
            if (info.DefaultText is not null)
            {
                try { info.DefaultValue(); }
                catch (Exception e) when (e is FormatException or OverflowException) { throw new SqlException(1067, "42000", $"Invalid default value for '{c.Name}'"); }
            }
            t.Columns.Add(info);
        }
        var defs = new List<IndexDefinition>();
        foreach (var c in ct.Columns)
        {
            if (c.PrimaryKey) defs.Add(new IndexDefinition("PRIMARY", true, true, [c.Name]));
            if (c.UniqueKey) defs.Add(new IndexDefinition(c.Name, false, true, [c.Name]));
        }
        defs.AddRange(ct.Indexes);
        bool havePrimary = false;
        foreach (var d in defs)
        {
            var offsets = new List<int>();
            foreach (var colName in d.Columns) offsets.Add((t.FindColumn(colName) ?? throw new SqlException(1072, "42000", $"Key column '{colName}' doesn't exist in table")).Offset);
            if (d.Primary)
            {
                if (havePrimary) throw new SqlException(1068, "42000", "Multiple primary key defined");
                havePrimary = true;
                foreach (var o in offsets) { t.Columns[o].NotNull = true; t.Columns[o].PrimaryKey = true; }
                if (offsets.Count == 1 && t.Columns[offsets[0]].IsInteger) { t.HandleColumn = offsets[0]; continue; }
            }
            string name = d.Name ?? t.Columns[offsets[0]].Name;
            if (t.FindIndex(name) is not null)
            {
                if (d.Name is not null) throw new SqlException(1061, "42000", $"Duplicate key name '{name}'");
                for (int n = 2; t.FindIndex(name) is not null; n++) name = t.Columns[offsets[0]].Name + "_" + n;
            }
            t.Indexes.Add(new IndexInfo { Id = t.NextIndexId++, Name = name, Unique = d.Unique, Primary = d.Primary, Columns = offsets });
        }
        int autos = 0;
        foreach (var c in t.Columns) if (c.AutoIncrement) autos++;
        if (autos > 1) throw new SqlException(1075, "42000", "Incorrect table definition; there can be only one auto column and it must be defined as a key");
        return t;
    }

    private QueryResult CreateIndex(CreateIndexStatement ci)
    {
        string dbName = DatabaseOf(ci.Table);
        Db.Catalog.Ddl(txn =>
        {
            var db = RequireDatabase(txn, dbName);
            var t = Db.Catalog.ReadTable(txn, db, ci.Table.Name) ?? throw SqlException.NoSuchTable(dbName, ci.Table.Name);
            if (t.FindIndex(ci.Name) is not null) throw new SqlException(1061, "42000", $"Duplicate key name '{ci.Name}'");
            var offsets = new List<int>();
            foreach (var name in ci.Columns) offsets.Add((t.FindColumn(name) ?? throw new SqlException(1072, "42000", $"Key column '{name}' doesn't exist in table")).Offset);
            var index = new IndexInfo { Id = t.NextIndexId++, Name = ci.Name, Unique = ci.Unique, Columns = offsets };
            // Backfill in the same transaction as the schema change, so the index is complete when it becomes visible.
            var prefix = TableCodec.RecordPrefix(t.Id);
            var entries = new List<(byte[], byte[])>();
            foreach (var (k, v) in txn.Scan(prefix, TableCodec.PrefixNext(prefix)))
            {
                long h = TableCodec.DecodeRecordHandle(k);
                var row = RowCodecV2.Decode(t, v, h);
                var key = TableCodec.IndexKey(t, index, row, h, out bool distinct);
                entries.Add((key, TableCodec.IndexValue(distinct, h)));
            }
            if (index.Unique)
            {
                var seen = new HashSet<byte[]>(Transactions.ByteArrayEquality.Instance);
                foreach (var (k, _) in entries) if (!seen.Add(k)) throw SqlException.Duplicate("?", ci.Name);
            }
            foreach (var (k, v) in entries) txn.Put(k, v);
            t.Indexes.Add(index);
            SchemaCatalog.WriteTable(txn, t);
            return true;
        });
        return QueryResult.Ok();
    }

    private QueryResult DropTables(DropTableStatement dt)
    {
        foreach (var name in dt.Tables)
        {
            string dbName = DatabaseOf(name);
            bool dropped = Db.Catalog.Ddl(txn =>
            {
                var db = Db.Catalog.ReadDatabase(txn, dbName);
                var t = db is null ? null : Db.Catalog.ReadTable(txn, db, name.Name);
                if (t is null)
                {
                    if (dt.IfExists) return false;
                    throw new SqlException(1051, "42S02", $"Unknown table '{dbName}.{name.Name}'");
                }
                SchemaCatalog.DeleteTable(txn, t);
                return true;
            });
            if (!dropped) _session.Warnings.Add(("Note", 1051, $"Unknown table '{dbName}.{name.Name}'"));
        }
        return QueryResult.Ok();
    }

    private QueryResult Truncate(TruncateStatement tr)
    {
        string dbName = DatabaseOf(tr.Table);
        Db.Catalog.Ddl(txn =>
        {
            var db = RequireDatabase(txn, dbName);
            var t = Db.Catalog.ReadTable(txn, db, tr.Table.Name) ?? throw SqlException.NoSuchTable(dbName, tr.Table.Name);
            // As TiDB: the table gets a new id (so its auto-id restarts) and the old range is deleted.
            SchemaCatalog.DeleteTable(txn, t);
            t.Id = SchemaCatalog.NextGlobalId(txn);
            SchemaCatalog.WriteTable(txn, t);
            return true;
        });
        return QueryResult.Ok();
    }

    internal static string ShowCreateTable(TableInfo t)
    {
        var lines = new List<string>();
        foreach (var c in t.Columns)
        {
            var s = $"  `{c.Name}` {c.TypeText()}";
            if (c.NotNull) s += " NOT NULL";
            if (c.AutoIncrement) s += " AUTO_INCREMENT";
            if (c.DefaultText is not null) s += " DEFAULT " + (c.IsString ? Quote(c.DefaultText) : Quote(c.DefaultValue().AsString()));
            else if (!c.NotNull && !c.AutoIncrement) s += " DEFAULT NULL";
            lines.Add(s);
        }
        if (t.HandleColumn >= 0) lines.Add($"  PRIMARY KEY (`{t.Columns[t.HandleColumn].Name}`)");
        foreach (var i in t.Indexes)
        {
            string cols = string.Join(",", i.Columns.Select(o => $"`{t.Columns[o].Name}`"));
            lines.Add(i.Primary ? $"  PRIMARY KEY ({cols})" : i.Unique ? $"  UNIQUE KEY `{i.Name}` ({cols})" : $"  KEY `{i.Name}` ({cols})");
        }
        return $"CREATE TABLE `{t.Name}` (\n{string.Join(",\n", lines)}\n) ENGINE=Workbench DEFAULT CHARSET=utf8mb4";
    }

    private static SqlValue Str(string s) => SqlValue.FromString(s);
}
