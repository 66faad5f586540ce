using MySqlConnector;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Ycsb;

/// <summary>
/// YCSB at layer sql, as go-ycsb's mysql binding: one connection per thread, prepared statements,
/// autocommit (each statement its own transaction). Read = SELECT * by key; update = UPDATE one
/// random field (all fields with writeallfields); read-modify-write = the read, then the update;
/// insert = INSERT of all fields; scan = YCSB_KEY ≥ key ORDER BY YCSB_KEY LIMIT n. A write conflict
/// (MySQL 1213) or lock wait timeout (1205) runs the statement again, at most
/// <see cref="MaxAttempts"/> times. User bytes = key + field bytes the statements wrote. Not thread-safe: one per thread.
/// </summary>
internal sealed class SqlYcsbWorker : IYcsbWorker
{
    public const int MaxAttempts = 10;
    private readonly CoreWorkload _workload;
    private readonly Random _random;
    private readonly MySqlConnection _connection;
    private readonly MySqlCommand _read, _scan, _insert, _updateAll;
    private readonly MySqlCommand[] _updateField;
    private readonly byte[] _fill;
    private readonly long[] _notFound = new long[YcsbOperations.Count];

    public SqlYcsbWorker(string connectionString, CoreWorkload workload, Random random)
    {
        ArgumentNullException.ThrowIfNull(workload);
        _workload = workload;
        _random = random;
        var n = workload.Settings.FieldCount;
        _fill = new byte[Math.Max(1, workload.Settings.FieldLength)];
        _connection = new MySqlConnection(connectionString);
        _connection.Open();
        _read = Prepare(SqlYcsbSchema.Read, "@k");
        _scan = Prepare(SqlYcsbSchema.Scan, "@k", "@n");
        _insert = Prepare(SqlYcsbSchema.Insert(n), ["@k", .. Fields(n)]);
        _updateAll = Prepare(SqlYcsbSchema.UpdateAll(n), ["@k", .. Fields(n)]);
        _updateField = new MySqlCommand[n];
        for (var i = 0; i < n; i++) _updateField[i] = Prepare(SqlYcsbSchema.UpdateField(i), "@k", "@f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public long UserBytesWritten { get; private set; }
    public long InsertedBytes { get; private set; }
    /// <summary>Statements that met 1213/1205 and ran again.</summary>
    public long Retries { get; private set; }
    /// <summary>Operations given up after <see cref="MaxAttempts"/> conflicts.</summary>
    public long Failed { get; private set; }

    public long NotFound(YcsbOperation op) => _notFound[(int)op];
    public YcsbOperation NextOperation() => _workload.NextOperation(_random);

    public void Load() => Insert(_workload.NextLoadKeynum());

    public void Execute(YcsbOperation op)
    {
        switch (op)
        {
            case YcsbOperation.Read:
                if (!Read(_workload.KeyString(_workload.NextTransactionKeynum(_random)))) _notFound[(int)op]++;
                break;
            case YcsbOperation.Update:
                if (Update(_workload.KeyString(_workload.NextTransactionKeynum(_random)), _workload.Settings.WriteAllFields) == 0) _notFound[(int)op]++;
                break;
            case YcsbOperation.ReadModifyWrite:
            {
                var key = _workload.KeyString(_workload.NextTransactionKeynum(_random));
                if (!Read(key) || Update(key, allFields: false) == 0) _notFound[(int)op]++;
                break;
            }
            case YcsbOperation.Insert:
            {
                var keynum = _workload.NextInsertKeynum();
                try { Insert(keynum); }
                finally { _workload.AcknowledgeInsert(keynum); }
                break;
            }
            case YcsbOperation.Scan:
            {
                _scan.Parameters[0].Value = _workload.KeyString(_workload.NextTransactionKeynum(_random));
                _scan.Parameters[1].Value = _workload.NextScanLength(_random);
                var rows = Attempt(() => CountRows(_scan));
                if (rows == 0) _notFound[(int)op]++;
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, "unknown YCSB operation");
        }
    }

    private bool Read(string key)
    {
        _read.Parameters[0].Value = key;
        return Attempt(() => CountRows(_read)) > 0;
    }

    private long Update(string key, bool allFields)
    {
        var s = _workload.Settings;
        MySqlCommand cmd;
        long bytes = key.Length;
        if (allFields)
        {
            cmd = _updateAll;
            for (var i = 0; i < s.FieldCount; i++) bytes += SetField(cmd.Parameters[i + 1]);
        }
        else
        {
            cmd = _updateField[_workload.NextFieldIndex(_random)];
            bytes += SetField(cmd.Parameters[1]);
        }
        cmd.Parameters[0].Value = key;
        var changed = Attempt(cmd.ExecuteNonQuery);
        if (changed > 0) UserBytesWritten += bytes;
        return changed;
    }

    private void Insert(long keynum)
    {
        var s = _workload.Settings;
        var key = _workload.KeyString(keynum);
        long bytes = key.Length;
        _insert.Parameters[0].Value = key;
        for (var i = 0; i < s.FieldCount; i++) bytes += SetField(_insert.Parameters[i + 1]);
        Attempt(_insert.ExecuteNonQuery);
        UserBytesWritten += bytes;
        InsertedBytes += bytes;
    }

    private int SetField(MySqlParameter p)
    {
        var len = _workload.Settings.FieldLength;
        CoreWorkload.FillRandom(_random, _fill.AsSpan(0, len));
        p.Value = System.Text.Encoding.ASCII.GetString(_fill, 0, len);
        return len;
    }

    private static long CountRows(MySqlCommand cmd)
    {
        using var reader = cmd.ExecuteReader();
        long rows = 0;
        while (reader.Read()) rows++;
        return rows;
    }

    private T Attempt<T>(Func<T> statement)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return statement();
            }
            catch (MySqlException e) when (e.Number is 1213 or 1205)
            {
                if (attempt >= MaxAttempts)
                {
                    Failed++;
                    return default!;
                }
                Retries++;
            }
        }
    }

    private MySqlCommand Prepare(string sql, params string[] parameters)
    {
        var cmd = new MySqlCommand(sql, _connection);
        foreach (var p in parameters) cmd.Parameters.Add(new MySqlParameter(p, null));
        cmd.Prepare();
        return cmd;
    }

    private static IEnumerable<string> Fields(int n)
    {
        for (var i = 0; i < n; i++) yield return "@f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        foreach (var c in _updateField) c.Dispose();
        _read.Dispose();
        _scan.Dispose();
        _insert.Dispose();
        _updateAll.Dispose();
        _connection.Dispose();
    }
}
