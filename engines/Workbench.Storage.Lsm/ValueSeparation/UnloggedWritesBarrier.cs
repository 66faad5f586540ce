using Workbench.Storage.Lsm.Memtables;

namespace Workbench.Storage.Lsm.ValueSeparation;

/// <summary>
/// Memtables that held DisableWal writes when the barrier was taken; <see cref="Passed"/> once all
/// of them are flushed (those writes are then durable). Releases the memtables once passed, so a
/// waiting holder does not pin them. Thread-safe.
/// </summary>
internal sealed class UnloggedWritesBarrier(List<Memtable> memtables)
{
    private List<Memtable>? _memtables = memtables;

    public bool Passed
    {
        get
        {
            var list = Volatile.Read(ref _memtables);
            if (list is null) return true;
            foreach (var m in list)
                if (!m.Flushed) return false;
            Volatile.Write(ref _memtables, null);
            return true;
        }
    }
}
