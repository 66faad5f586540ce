namespace Workbench.Txn.Oracle;

/// <summary>Durable home of the TSO's high-water mark (physical ms no served timestamp reaches).</summary>
public interface ITsoStore
{
    /// <summary>The last saved high-water mark, or 0 when none was ever saved.</summary>
    long Load();

    /// <summary>Durably replaces the high-water mark before returning.</summary>
    void Save(long highWaterMs);
}
