namespace Workbench.Harness.Matrix;

/// <summary>Where a matrix's workload enters the stack (DESIGN.md §1). <see cref="Engine"/> and <see cref="Txn"/> (one node, no replication) can run today.</summary>
internal enum MatrixLayer
{
    Engine,
    Raft,
    Txn,
    Sql,
}
