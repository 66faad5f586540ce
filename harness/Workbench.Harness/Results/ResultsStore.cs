using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Harness.Results;

/// <summary>
/// Reads and writes results/&lt;run-id&gt;/results.json. Every save writes a temporary file and renames
/// it over the old one, so a run killed at any moment leaves either the previous or the new complete
/// file — finished cells are never lost. Not thread-safe: one writer (the matrix runner).
/// </summary>
internal static class ResultsStore
{
    public const string FileName = "results.json";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Save(string runDirectory, RunResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Directory.CreateDirectory(runDirectory);
        var path = Path.Combine(runDirectory, FileName);
        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, results, JsonOptions);
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
    }

    public static RunResults Load(string runDirectoryOrFile)
    {
        ArgumentNullException.ThrowIfNull(runDirectoryOrFile);
        var path = Directory.Exists(runDirectoryOrFile) ? Path.Combine(runDirectoryOrFile, FileName) : runDirectoryOrFile;
        if (!File.Exists(path)) throw new FileNotFoundException($"no {FileName} at '{path}' (expected results/<run-id>/{FileName})", path);
        try
        {
            return JsonSerializer.Deserialize<RunResults>(File.ReadAllText(path), JsonOptions)
                   ?? throw new InvalidDataException($"{path} holds no results");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a valid results file: {e.Message}", e);
        }
    }
}
