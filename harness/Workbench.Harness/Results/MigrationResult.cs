using System.Text.Json.Serialization;

namespace Workbench.Harness.Results;

/// <summary>
/// What a <c>migrate</c> cell saw across the move (Results/FORMAT.md): the steps and when they
/// happened (seconds since the run phase started), the per-second series of the client workload,
/// the time to drain the old stores, the snapshot bytes written meanwhile, and the client errors.
/// </summary>
internal sealed class MigrationResult
{
    [JsonPropertyName("from")] public required string From { get; init; }
    [JsonPropertyName("to")] public required string To { get; init; }
    [JsonPropertyName("nodes")] public int Nodes { get; init; }
    [JsonPropertyName("events")] public List<MigrationEvent> Events { get; init; } = [];

    /// <summary>Per one-second interval of the run phase: operations completed, their mean and p99 latency (µs), errors not retried.</summary>
    [JsonPropertyName("ops_per_second")] public double[] OpsPerSecond { get; init; } = [];
    [JsonPropertyName("avg_latency_us")] public double[] AvgLatencyMicros { get; init; } = [];
    [JsonPropertyName("p99_latency_us")] public double[] P99LatencyMicros { get; init; } = [];
    [JsonPropertyName("errors_per_second")] public double[] ErrorsPerSecond { get; init; } = [];

    /// <summary>From marking the old stores Offline until the last of them was a tombstone and stopped.</summary>
    [JsonPropertyName("drain_seconds")] public double DrainSeconds { get; init; }

    /// <summary>Bytes of category snapshot written while draining: each moved replica once on the sender and once on the receiver.</summary>
    [JsonPropertyName("snapshot_bytes")] public long SnapshotBytes { get; init; }

    /// <summary>PD operators that finished during the drain (each moves one replica, or one leader).</summary>
    [JsonPropertyName("operators")] public long Operators { get; init; }
    [JsonPropertyName("regions")] public int Regions { get; init; }

    /// <summary>Writes whose outcome was unknown (e.g. their leader was removed) and were sent again; YCSB writes are idempotent puts.</summary>
    [JsonPropertyName("retried")] public long Retried { get; init; }

    /// <summary>Operations that failed in a way the client could not retry (must be 0), and the first such error.</summary>
    [JsonPropertyName("failed")] public long Failed { get; init; }
    [JsonPropertyName("first_error")] public string? FirstError { get; init; }

    /// <summary>Loaded keys not readable at the end (must be 0).</summary>
    [JsonPropertyName("keys_missing")] public long KeysMissing { get; init; }
    [JsonPropertyName("keys_checked")] public long KeysChecked { get; init; }
}

/// <summary>One step of a migration: what happened, and when (seconds since the run phase started).</summary>
internal sealed record MigrationEvent([property: JsonPropertyName("step")] string Step, [property: JsonPropertyName("second")] double Second);
