namespace Workbench.Txn.Oracle;

/// <summary>A high-water mark kept in memory (survives "restarts" of an oracle within one process, as tests need).</summary>
public sealed class MemoryTsoStore : ITsoStore
{
    private long _value;

    /// <summary>Saves done so far (tests check the window logic).</summary>
    public int Saves { get; private set; }

    /// <inheritdoc/>
    public long Load() => Interlocked.Read(ref _value);

    /// <inheritdoc/>
    public void Save(long highWaterMs)
    {
        Interlocked.Exchange(ref _value, highWaterMs);
        Saves++;
    }
}
