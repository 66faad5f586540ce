namespace Workbench.Harness.Ycsb;

/// <summary>
/// One phase's device bytes outside this process: <paramref name="Total"/> the sum over the readable
/// processes, <paramref name="PerProcess"/> each one's bytes by role ("pd", "node 2", "sql"), and
/// <paramref name="Line"/> the sentence printed for it (naming unreadable processes and nodes that did not flush).
/// <paramref name="Attribution"/>: those bytes by "layer.category", summed over the processes that
/// keep counters (the nodes' ReadAttribution; PD's and the SQL server's own bytes under pd and sql),
/// null when some node did not answer — then <paramref name="AttributionNote"/> says why.
/// <paramref name="Layers"/>: the bytes each layer handed down (layer_bytes keys), summed over the nodes.
/// </summary>
internal sealed record ExternalDeviceReading(long Total, IReadOnlyDictionary<string, long> PerProcess, string Line,
    IReadOnlyDictionary<string, long>? Attribution = null, IReadOnlyDictionary<string, long>? Layers = null, string? AttributionNote = null);
