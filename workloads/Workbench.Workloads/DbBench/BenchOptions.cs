using Workbench.Storage.Registry;
using Workbench.Workloads.Measurement;

namespace Workbench.Workloads.DbBench;

/// <summary>Parameters of one `workbench bench` invocation (db_bench's flags, snake-cased as kebab options).</summary>
public sealed record BenchOptions
{
    /// <summary>The engine to open (name and raw options), before the equal settings are added.</summary>
    public required EngineConfig Engine { get; init; }
    /// <summary>db_bench benchmark names to run, in order (see <see cref="BenchmarkNames"/>).</summary>
    public required IReadOnlyList<string> Benchmarks { get; init; }

    /// <summary>Number of keys in the key space and of operations of write benchmarks (all threads together).</summary>
    public long Num { get; init; } = 1_000_000;

    /// <summary>Operations of read benchmarks (all threads together); -1 = <see cref="Num"/>.</summary>
    public long Reads { get; init; } = -1;

    /// <summary>Bytes per key (db_bench's --key_size); the key number fills the first 8 bytes big-endian.</summary>
    public int KeySize { get; init; } = 16;
    /// <summary>Bytes per value (db_bench's --value_size).</summary>
    public int ValueSize { get; init; } = 100;
    /// <summary>Worker threads sharing each benchmark's operations (db_bench's --threads).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Operations per write batch (db_bench's --batch_size).</summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>Sync every write batch (db_bench's --sync).</summary>
    public bool Sync { get; init; }

    /// <summary>db_bench's --compression_ratio: how far a codec can shrink the values (1 = random bytes).</summary>
    public double CompressionRatio { get; init; } = 1.0;

    /// <summary>Number of Next calls after each Seek in seekrandom.</summary>
    public int SeekNexts { get; init; } = 100;

    /// <summary>Data directory; null = a temporary one, deleted at the end.</summary>
    public string? Db { get; init; }

    /// <summary>Keep the data of an earlier run: fill benchmarks then write into it instead of starting fresh.</summary>
    public bool UseExistingDb { get; init; }

    /// <summary>Stack layer the operations go through: false = the engine itself, true = one Percolator transaction per operation.</summary>
    public bool TxnLayer { get; init; }

    /// <summary>Layer txn: async commit and one-phase commit (both default on, as TiDB).</summary>
    public bool AsyncCommit { get; init; } = true;
    /// <summary>Layer txn: one-phase commit when all writes of a transaction are in one region (TiDB's tidb_enable_1pc).</summary>
    public bool OnePc { get; init; } = true;

    /// <summary>Open the engine with <see cref="DbBench.EqualSettings"/> where the options leave them unset (default on).</summary>
    public bool EqualSettings { get; init; } = true;

    /// <summary>
    /// After each write benchmark, wait (within the IO window, outside the timed region) until the
    /// engine has no flush or compaction pending, so the compaction debt a phase leaves is counted in
    /// it and not in the next (db_bench's waitforcompaction, run automatically).
    /// </summary>
    public bool WaitForCompaction { get; init; } = true;

    /// <summary>Bound of one compaction wait; when it is hit the result says so and reports the pending bytes.</summary>
    public TimeSpan CompactionWaitBound { get; init; } = CompactionWait.DefaultBound;

    /// <summary>Where to write the results as a JSON array; null = not written.</summary>
    public string? JsonPath { get; init; }
    /// <summary>Seed of the key choices and values (each thread derives its own); printed so a run repeats.</summary>
    public int Seed { get; init; } = 301;
    /// <summary>Show the live progress line while benchmarks run.</summary>
    public bool ShowProgress { get; init; } = true;

    /// <summary>Keep the N slowest operations of each benchmark with the GC, JIT and lock deltas across each (<see cref="SlowOpRecorder"/>); 0 = off (no per-operation cost).</summary>
    public int SlowOps { get; init; }

    /// <summary>
    /// Untimed lookups (of keys from their own seed) before readrandom and readwhilewriting, outside
    /// every window: the first lookups of a process JIT-compile a managed engine's read path (the
    /// fill benchmarks never read), which otherwise shows as the phase's max; every engine gets the
    /// same warm-up. 0 = none.
    /// </summary>
    public int WarmupReads { get; init; } = 1000;

    /// <summary>Operations of read benchmarks: <see cref="Reads"/>, or <see cref="Num"/> when it is -1.</summary>
    public long ReadCount => Reads < 0 ? Num : Reads;
}
