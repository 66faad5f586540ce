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
