namespace Workbench.Workloads.Ycsb;

/// <summary>The operations of YCSB's core workload; the numeric values index per-operation arrays.</summary>
public enum YcsbOperation
{
    Read = 0,
    Update = 1,
    Insert = 2,
    Scan = 3,
    ReadModifyWrite = 4,
}
