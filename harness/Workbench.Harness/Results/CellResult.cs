using System.Text.Json.Serialization;

namespace Workbench.Harness.Results;

/// <summary>One finished (or failed) matrix cell: its coordinates and the phases it measured.</summary>
internal sealed class CellResult
{
    [JsonPropertyName("cell_id")] public required string CellId { get; init; }
    [JsonPropertyName("status")] public string Status { get; init; } = "ok";
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("engine")] public required string Engine { get; init; }
    [JsonPropertyName("engine_label")] public required string EngineLabel { get; init; }
    [JsonPropertyName("engine_options")] public Dictionary<string, string> EngineOptions { get; init; } = [];

    /// <summary>Every engine option as resolved when the cell ran, defaults included.</summary>
    [JsonPropertyName("engine_options_resolved")] public Dictionary<string, string> EngineOptionsResolved { get; init; } = [];
    [JsonPropertyName("workload")] public required string Workload { get; init; }
    [JsonPropertyName("workload_kind")] public required string WorkloadKind { get; init; }
    [JsonPropertyName("workload_file")] public string? WorkloadFile { get; init; }
    [JsonPropertyName("layer")] public string Layer { get; init; } = "engine";
    [JsonPropertyName("topology")] public string? Topology { get; init; }

    /// <summary>A cell on a cluster: each node's engine label by node id ("1", "2", …), the cell's engine unless `topology.engines` gave the node its own; null elsewhere.</summary>
    [JsonPropertyName("node_engines")] public Dictionary<string, string>? NodeEngines { get; init; }
    [JsonPropertyName("value_size")] public int ValueSize { get; init; }
    [JsonPropertyName("threads")] public int Threads { get; init; }
    [JsonPropertyName("repeat")] public int Repeat { get; init; }
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("started_utc")] public DateTime StartedUtc { get; init; }
    [JsonPropertyName("seconds")] public double Seconds { get; init; }
    [JsonPropertyName("phases")] public List<PhaseResult> Phases { get; init; } = [];

    /// <summary>The engine's "stats" property at the end of the cell (YCSB cells; null when the engine has none).</summary>
    [JsonPropertyName("engine_stats")] public string? EngineStats { get; init; }

    /// <summary>Kind migrate: the steps, per-second series, drain time, snapshot bytes and client errors of the move.</summary>
    [JsonPropertyName("migration")] public MigrationResult? Migration { get; init; }

    [JsonIgnore] public bool Succeeded => Status == "ok";
}
