namespace Workbench.Sql.Execution;

/// <summary>
/// The writes of one statement, staged so that a failing statement leaves its transaction as it
/// was (MySQL statement atomicity inside an explicit transaction). Reads through it see the
/// staged writes first. Scans are not merged: every statement reads what it needs before it
/// writes (UPDATE/DELETE collect their rows first).
/// </summary>
internal sealed class StatementWrites(Transactions.ISqlTransaction txn)
{
    private readonly Dictionary<byte[], byte[]?> _staged = new(Transactions.ByteArrayEquality.Instance);
    private readonly List<byte[]> _order = [];
    private List<byte[]>? _locks;

    public Transactions.ISqlTransaction Transaction { get; } = txn;

    public byte[]? Get(byte[] key) => _staged.TryGetValue(key, out var v) ? v : Transaction.Get(key);

    /// <summary>The values of distinct <paramref name="keys"/> in order (null = absent): staged writes first, the rest in one transaction BatchGet.</summary>
    public byte[]?[] BatchGet(List<byte[]> keys)
    {
        if (_staged.Count == 0) return Transaction.BatchGet(keys);
        var result = new byte[]?[keys.Count];
        var rest = new List<byte[]>(keys.Count);
        var restAt = new List<int>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            if (_staged.TryGetValue(keys[i], out var v)) result[i] = v;
            else
            {
                rest.Add(keys[i]);
                restAt.Add(i);
            }
        }
        if (rest.Count == 0) return result;
        var read = Transaction.BatchGet(rest);
        for (var j = 0; j < read.Length; j++) result[restAt[j]] = read[j];
        return result;
    }

    public void Put(byte[] key, byte[] value)
    {
        if (!_staged.ContainsKey(key)) _order.Add(key);
        _staged[key] = value;
    }

    public void Delete(byte[] key)
    {
        if (!_staged.ContainsKey(key)) _order.Add(key);
        _staged[key] = null;
    }

    public void Lock(byte[] key) => (_locks ??= []).Add(key);

    public void Apply()
    {
        foreach (var k in _order)
        {
            var v = _staged[k];
            if (v is null) Transaction.Delete(k); else Transaction.Put(k, v);
        }
        if (_locks is not null) foreach (var k in _locks) Transaction.LockKey(k);
        _staged.Clear();
        _order.Clear();
        _locks = null;
    }
}
