using Workbench.Txn.Mvcc;
using Workbench.Txn.Storage;

namespace Workbench.Txn.Actions;

/// <summary>Collects one action's modifications (TiKV's <c>MvccTxn</c>). Keys are encoded keys.</summary>
internal sealed class MvccTxn
{
    private readonly List<Modify> _modifies = [];

    public IReadOnlyList<Modify> Modifies => _modifies;

    public void PutLock(byte[] encodedKey, LockRecord l) => _modifies.Add(Modify.Put(Cf.Lock, encodedKey, l.ToBytes()));

    public void UnlockKey(byte[] encodedKey) => _modifies.Add(Modify.Delete(Cf.Lock, encodedKey));

    public void PutValue(byte[] encodedKey, ulong startTs, byte[] value) =>
        _modifies.Add(Modify.Put(Cf.Default, MvccKey.AppendTs(encodedKey, startTs), value));

    public void DeleteValue(byte[] encodedKey, ulong startTs) =>
        _modifies.Add(Modify.Delete(Cf.Default, MvccKey.AppendTs(encodedKey, startTs)));

    public void PutWrite(byte[] encodedKey, ulong commitTs, WriteRecord w) =>
        _modifies.Add(Modify.Put(Cf.Write, MvccKey.AppendTs(encodedKey, commitTs), w.ToBytes()));

    public void DeleteWrite(byte[] encodedKey, ulong commitTs) =>
        _modifies.Add(Modify.Delete(Cf.Write, MvccKey.AppendTs(encodedKey, commitTs)));

    public WriteData ToWriteData(TxnWriteCategory category = TxnWriteCategory.Txn) => new(_modifies.ToArray(), category);
}
