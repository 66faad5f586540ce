using System.Text.Json.Serialization;

namespace Workbench.Harness.Results;

/// <summary>The content of results/&lt;run-id&gt;/results.json: the run's identity, its planned cells and every finished cell.</summary>
internal sealed class RunResults
{
    [JsonPropertyName("format")] public int Format { get; init; } = 2;
    [JsonPropertyName("run_id")] public required string RunId { get; init; }
    [JsonPropertyName("matrix")] public required string Matrix { get; init; }
    [JsonPropertyName("matrix_file")] public string? MatrixFile { get; init; }
    [JsonPropertyName("baseline")] public required string Baseline { get; init; }
    [JsonPropertyName("layer")] public string Layer { get; init; } = "engine";
    [JsonPropertyName("repeat")] public int Repeat { get; init; } = 1;
    [JsonPropertyName("created_utc")] public DateTime CreatedUtc { get; init; }
    [JsonPropertyName("machine")] public Dictionary<string, string> Machine { get; init; } = [];
    [JsonPropertyName("planned_cells")] public List<string> PlannedCells { get; init; } = [];
    [JsonPropertyName("cells")] public List<CellResult> Cells { get; init; } = [];
}
