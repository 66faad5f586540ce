namespace Workbench.Workloads.Ycsb;

/// <summary>The operations of YCSB's core workload; the numeric values index per-operation arrays.</summary>
public enum YcsbOperation
{
    /// <summary>Read one record (all fields or one).</summary>
    Read = 0,
    /// <summary>Update one record (all fields or one).</summary>
    Update = 1,
    /// <summary>Insert a new record at the insert frontier.</summary>
    Insert = 2,
    /// <summary>Scan records from a key.</summary>
    Scan = 3,
    /// <summary>Read a record, then update it.</summary>
    ReadModifyWrite = 4,
}
