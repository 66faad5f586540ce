namespace Workbench.Harness.Matrix;

/// <summary>Where a matrix's workload enters the stack (DESIGN.md §1). Only <see cref="Engine"/> can run today.</summary>
public enum MatrixLayer
{
    Engine,
    Raft,
    Txn,
    Sql,
}
