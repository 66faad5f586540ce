using System.Text.Json.Serialization;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// One of a phase's slowest operations and what happened while it ran (<see cref="SlowOpRecorder"/>):
/// the GC, JIT and lock-contention deltas across exactly that operation, so a max latency can be
/// attributed. GC and lock figures are process-wide (a collection the write side caused counts);
/// the JIT figures are the operation's own thread (a method it compiled, tier-0 or OSR).
/// </summary>
public readonly record struct SlowOp
{
    /// <summary>The operation's index within its worker (0 = the worker's first).</summary>
    [JsonPropertyName("ordinal")] public long Ordinal { get; init; }
    /// <summary>Its start, ms after the phase's timed region began.</summary>
    [JsonPropertyName("start_ms")] public double StartMs { get; init; }
    /// <summary>Its latency, µs.</summary>
    [JsonPropertyName("micros")] public double Micros { get; init; }
    /// <summary>Garbage collections (any generation) that began or ended across it, process-wide.</summary>
    [JsonPropertyName("gc_collections")] public int GcCollections { get; init; }
    /// <summary>Generation-2 collections among them.</summary>
    [JsonPropertyName("gc_gen2")] public int GcGen2 { get; init; }
    /// <summary>GC pause time accumulated across it, ms (process-wide; a pause that overlaps the op's end may count in a later op).</summary>
    [JsonPropertyName("gc_pause_ms")] public double GcPauseMs { get; init; }
    /// <summary>Methods the operation's thread JIT-compiled during it.</summary>
    [JsonPropertyName("jit_methods")] public long JitMethods { get; init; }
    /// <summary>Time the operation's thread spent JIT-compiling during it, ms.</summary>
    [JsonPropertyName("jit_ms")] public double JitMs { get; init; }
    /// <summary>Monitor lock contentions across it, process-wide.</summary>
    [JsonPropertyName("lock_contentions")] public long LockContentions { get; init; }
    /// <summary>CPU time the operation's thread used during it, µs (Linux getrusage; null elsewhere). Far below <see cref="Micros"/> = it waited.</summary>
    [JsonPropertyName("cpu_us")] public long? CpuMicros { get; init; }
    /// <summary>Times the thread blocked during it (voluntary context switches: a lock, a read from the disk).</summary>
    [JsonPropertyName("voluntary_switches")] public long? VoluntarySwitches { get; init; }
    /// <summary>Times the scheduler preempted the thread during it (involuntary context switches: another process or thread took the core).</summary>
    [JsonPropertyName("involuntary_switches")] public long? InvoluntarySwitches { get; init; }
    /// <summary>Minor page faults of the thread during it (first touch of memory, page-cache mapping).</summary>
    [JsonPropertyName("minor_faults")] public long? MinorFaults { get; init; }
    /// <summary>Major page faults of the thread during it (a page read from the disk).</summary>
    [JsonPropertyName("major_faults")] public long? MajorFaults { get; init; }
    /// <summary>Blocks (512 B) the thread read from the device during it: a read the page cache did not hold.</summary>
    [JsonPropertyName("blocks_in")] public long? BlocksIn { get; init; }
}
