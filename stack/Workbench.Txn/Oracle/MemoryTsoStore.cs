namespace Workbench.Txn.Oracle;

/// <summary>A high-water mark kept in memory (survives "restarts" of an oracle within one process, as tests need).</summary>
public sealed class MemoryTsoStore : ITsoStore
{
    private long _value;

    public int Saves { get; private set; }

    public long Load() => Interlocked.Read(ref _value);

    public void Save(long highWaterMs)
    {
        Interlocked.Exchange(ref _value, highWaterMs);
        Saves++;
    }
}
