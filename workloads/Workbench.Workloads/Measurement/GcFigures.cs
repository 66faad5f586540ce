using System.Text.Json.Serialization;

namespace Workbench.Workloads.Measurement;

/// <summary>What <see cref="GcWindow.Close"/> measured; one object under "gc" in bench JSON.</summary>
public sealed class GcFigures
{
    /// <summary>Collections that stopped at generation 0.</summary>
    [JsonPropertyName("gen0")] public int Gen0 { get; init; }
    /// <summary>Collections that stopped at generation 1.</summary>
    [JsonPropertyName("gen1")] public int Gen1 { get; init; }
    /// <summary>Collections of generation 2 (full, blocking or background).</summary>
    [JsonPropertyName("gen2")] public int Gen2 { get; init; }
    /// <summary>Total time the GC paused managed threads in the window, ms.</summary>
    [JsonPropertyName("pause_ms")] public double PauseMs { get; init; }
    /// <summary>Bytes the process allocated on the managed heap in the window.</summary>
    [JsonPropertyName("allocated_bytes")] public long AllocatedBytes { get; init; }
    /// <summary>Managed heap size after the last collection.</summary>
    [JsonPropertyName("heap_bytes")] public long HeapBytes { get; init; }
    /// <summary>Memory the GC had committed after the last collection (heap plus its free space).</summary>
    [JsonPropertyName("committed_bytes")] public long CommittedBytes { get; init; }
}
