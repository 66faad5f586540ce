using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Sql.Codec;
using Workbench.Sql.Transactions;

namespace Workbench.Sql.Catalog;

/// <summary>
/// Databases and tables, stored under TiDB's meta keys (<see cref="MetaKeys"/>) in the same
/// transactional key space as the rows, so DDL commits atomically with its meta changes and survives
/// restart. The server keeps an immutable in-memory copy (its snapshot) replaced after
/// each committed DDL. DDL is serialised by one lock; it is the only writer of meta keys (one SQL
/// server per key space; several servers would need TiDB's schema-version lease, not built).
/// </summary>
internal sealed class SchemaCatalog
{
    private readonly ISqlStore _store;
    private readonly Lock _ddlLock = new();
    private volatile Dictionary<string, (DatabaseInfo Db, Dictionary<string, TableInfo> Tables)> _snapshot = new(StringComparer.OrdinalIgnoreCase);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public SchemaCatalog(ISqlStore store)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        Reload();
    }

    /// <summary>Reads every database and table from the meta keys.</summary>
    public void Reload()
    {
        using var txn = _store.Begin();
        var map = new Dictionary<string, (DatabaseInfo, Dictionary<string, TableInfo>)>(StringComparer.OrdinalIgnoreCase);
        foreach (var db in ReadHash<DatabaseInfo>(txn, MetaKeys.DatabasesHash, "DB:"))
        {
            var tables = new Dictionary<string, TableInfo>(StringComparer.OrdinalIgnoreCase);
            foreach (var t in ReadHash<TableInfo>(txn, MetaKeys.DatabaseField(db.Id), "Table:")) tables[t.Name] = t;
            map[db.Name] = (db, tables);
        }
        txn.Rollback();
        _snapshot = map;
    }

    private static List<T> ReadHash<T>(ISqlTransaction txn, string hash, string fieldPrefix)
    {
        var prefix = MetaKeys.HashPrefix(hash);
        var list = new List<T>();
        foreach (var (k, v) in txn.Scan(prefix, TableCodec.PrefixNext(prefix)))
        {
            if (!MetaKeys.FieldOf(k, prefix.Length).StartsWith(fieldPrefix, StringComparison.Ordinal)) continue;
            list.Add(JsonSerializer.Deserialize<T>(v, Json) ?? throw new FormatException($"meta key of {hash}: empty JSON"));
        }
        return list;
    }

    public IReadOnlyList<string> DatabaseNames()
    {
        var names = new List<string>(_snapshot.Keys);
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    public bool DatabaseExists(string name) => _snapshot.ContainsKey(name);

    public string? CanonicalDatabaseName(string name) => _snapshot.TryGetValue(name, out var e) ? e.Db.Name : null;

    public TableInfo? FindTable(string db, string table) =>
        _snapshot.TryGetValue(db, out var e) && e.Tables.TryGetValue(table, out var t) ? t : null;

    public IReadOnlyList<TableInfo> Tables(string db)
    {
        if (!_snapshot.TryGetValue(db, out var e)) return [];
        var list = new List<TableInfo>(e.Tables.Values);
        list.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return list;
    }

    /// <summary>Where DDL transactions come from when set (the database's counted transactions, so an index backfill or a TRUNCATE counts its row and index entries); else the store.</summary>
    internal Func<ISqlTransaction>? DdlTransactions { get; set; }

    /// <summary>Runs one DDL change in its own transaction (retried on a write conflict, which only a concurrent auto-id batch can cause) and reloads.</summary>
    public T Ddl<T>(Func<ISqlTransaction, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_ddlLock)
        {
            for (int attempt = 0; ; attempt++)
            {
                var txn = DdlTransactions?.Invoke() ?? _store.Begin();
                try
                {
                    var r = change(txn);
                    BumpSchemaVersion(txn);
                    txn.Commit();
                    Reload();
                    return r;
                }
                catch (WriteConflictException) when (attempt < 10)
                {
                    txn.Rollback();
                }
                catch
                {
                    txn.Rollback();
                    throw;
                }
            }
        }
    }

    private static void BumpSchemaVersion(ISqlTransaction txn)
    {
        long v = ReadLong(txn, MetaKeys.SchemaVersion);
        txn.Put(MetaKeys.SchemaVersion, Encoding.ASCII.GetBytes((v + 1).ToString(CultureInfo.InvariantCulture)));
    }

    internal static long ReadLong(ISqlTransaction txn, byte[] key)
    {
        var b = txn.Get(key);
        return b is null ? 0 : long.Parse(Encoding.ASCII.GetString(b), CultureInfo.InvariantCulture);
    }

    internal static void WriteLong(ISqlTransaction txn, byte[] key, long v) =>
        txn.Put(key, Encoding.ASCII.GetBytes(v.ToString(CultureInfo.InvariantCulture)));

    public static long NextGlobalId(ISqlTransaction txn)
    {
        ArgumentNullException.ThrowIfNull(txn);
        long id = ReadLong(txn, MetaKeys.NextGlobalId) + 1;
        WriteLong(txn, MetaKeys.NextGlobalId, id);
        return id;
    }

    // ---- changes (called inside Ddl) ----

    public DatabaseInfo? ReadDatabase(ISqlTransaction txn, string name)
    {
        foreach (var db in ReadHash<DatabaseInfo>(txn, MetaKeys.DatabasesHash, "DB:"))
            if (string.Equals(db.Name, name, StringComparison.OrdinalIgnoreCase)) return db;
        return null;
    }

    public TableInfo? ReadTable(ISqlTransaction txn, DatabaseInfo db, string name)
    {
        ArgumentNullException.ThrowIfNull(db);
        foreach (var t in ReadHash<TableInfo>(txn, MetaKeys.DatabaseField(db.Id), "Table:"))
            if (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) return t;
        return null;
    }

    public IReadOnlyList<TableInfo> ReadTables(ISqlTransaction txn, DatabaseInfo db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return ReadHash<TableInfo>(txn, MetaKeys.DatabaseField(db.Id), "Table:");
    }

    public static void WriteDatabase(ISqlTransaction txn, DatabaseInfo db)
    {
        ArgumentNullException.ThrowIfNull(txn); ArgumentNullException.ThrowIfNull(db);
        txn.Put(MetaKeys.HashField(MetaKeys.DatabasesHash, MetaKeys.DatabaseField(db.Id)), JsonSerializer.SerializeToUtf8Bytes(db, Json));
    }

    public static void DeleteDatabase(ISqlTransaction txn, DatabaseInfo db)
    {
        ArgumentNullException.ThrowIfNull(txn); ArgumentNullException.ThrowIfNull(db);
        txn.Delete(MetaKeys.HashField(MetaKeys.DatabasesHash, MetaKeys.DatabaseField(db.Id)));
    }

    public static void WriteTable(ISqlTransaction txn, TableInfo table)
    {
        ArgumentNullException.ThrowIfNull(txn); ArgumentNullException.ThrowIfNull(table);
        txn.Put(MetaKeys.HashField(MetaKeys.DatabaseField(table.DatabaseId), MetaKeys.TableField(table.Id)), JsonSerializer.SerializeToUtf8Bytes(table, Json));
    }

    /// <summary>Deletes the table's meta, auto-id base, and every row and index entry (the whole `t{id}` range).</summary>
    public static void DeleteTable(ISqlTransaction txn, TableInfo table)
    {
        ArgumentNullException.ThrowIfNull(txn); ArgumentNullException.ThrowIfNull(table);
        txn.Delete(MetaKeys.HashField(MetaKeys.DatabaseField(table.DatabaseId), MetaKeys.TableField(table.Id)));
        txn.Delete(MetaKeys.HashField(MetaKeys.DatabaseField(table.DatabaseId), MetaKeys.AutoIdField(table.Id)));
        DeleteTableData(txn, table);
    }

    public static void DeleteTableData(ISqlTransaction txn, TableInfo table)
    {
        ArgumentNullException.ThrowIfNull(txn); ArgumentNullException.ThrowIfNull(table);
        var prefix = TableCodec.TablePrefix(table.Id);
        var keys = new List<byte[]>();
        foreach (var (k, _) in txn.Scan(prefix, TableCodec.PrefixNext(prefix))) keys.Add(k);
        foreach (var k in keys) txn.Delete(k);
    }
}
