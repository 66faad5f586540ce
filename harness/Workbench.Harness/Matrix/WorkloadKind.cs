namespace Workbench.Harness.Matrix;

/// <summary>Kinds of workload a matrix cell can run at the engine layer.</summary>
internal enum WorkloadKind
{
    /// <summary>YCSB core workload from a property file: a load phase, then a run phase.</summary>
    Ycsb,

    /// <summary>db_bench-style benchmarks run by <c>workbench bench</c>'s runner, one phase each.</summary>
    Bench,

    /// <summary>The real sysbench binary's OLTP test against a SQL server (layer sql): prepare, run, cleanup.</summary>
    Sysbench,

    /// <summary>Online engine migration of an in-process cluster under YCSB (MigrateSettings; runs at layer raft).</summary>
    Migrate,
}
