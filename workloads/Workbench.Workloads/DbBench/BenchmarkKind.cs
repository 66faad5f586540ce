namespace Workbench.Workloads.DbBench;

/// <summary>The db_bench benchmarks `workbench bench` runs, with db_bench's semantics.</summary>
public enum BenchmarkKind
{
    /// <summary>Write Num keys in key order into a fresh database.</summary>
    FillSeq,
    /// <summary>Write Num keys drawn uniformly from [0, Num) into a fresh database.</summary>
    FillRandom,
    /// <summary>Write Num keys drawn uniformly from [0, Num) into the existing database.</summary>
    Overwrite,
    /// <summary>Point-read Reads keys drawn uniformly from [0, Num).</summary>
    ReadRandom,
    /// <summary>Scan Reads entries in key order from the first key.</summary>
    ReadSeq,
    /// <summary>Seek to Reads random keys, then Next SeekNexts times after each.</summary>
    SeekRandom,
    /// <summary>ReadRandom on every thread while one extra thread overwrites random keys; only reads are measured.</summary>
    ReadWhileWriting,
    /// <summary>Delete Num keys drawn uniformly from [0, Num).</summary>
    DeleteRandom,
    /// <summary>No operations: wait (bounded) until the engine has no flush or compaction pending, counting their bytes (db_bench's waitforcompaction).</summary>
    WaitForCompaction,
}
