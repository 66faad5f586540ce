using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Jepsen.History;

/// <summary>Reads and writes histories as JSON lines (History/FORMAT.md). A bad line is an error naming the file and line.</summary>
public static class HistoryFile
{
    // Plain UTF-8 (no \u escapes of '+', '<', …): the file is data for tools and people, never embedded in HTML.
    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>One JSON line for <paramref name="e"/> (History/FORMAT.md), without the newline.</summary>
    public static string ToLine(HistoryEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var o = new JsonObject
        {
            ["index"] = e.Index,
            ["type"] = TypeName(e.Type),
            ["process"] = e.Process == HistoryEvent.NemesisProcess ? JsonValue.Create("nemesis") : JsonValue.Create(e.Process),
            ["f"] = e.F,
            ["value"] = e.Value?.DeepClone(),
            ["time"] = e.TimeNs,
        };
        if (e.Error is not null) o["error"] = e.Error;
        return o.ToJsonString(LineOptions);
    }

    /// <summary>Writes <paramref name="events"/> to <paramref name="path"/>, one JSON line each.</summary>
    public static void Write(string path, IReadOnlyList<HistoryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        foreach (var e in events) w.WriteLine(ToLine(e));
    }

    /// <summary>Reads a history file; a bad line throws <see cref="FormatException"/> naming the file and line number.</summary>
    public static List<HistoryEvent> Read(string path)
    {
        var result = new List<HistoryEvent>();
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Length == 0) continue;
            try
            {
                result.Add(FromLine(line));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                throw new FormatException($"{path}:{n}: not a history event ({e.Message})", e);
            }
        }
        return result;
    }

    /// <summary>Parses one JSON line; <see cref="FormatException"/> naming the missing or ill-typed field.</summary>
    public static HistoryEvent FromLine(string line)
    {
        var o = JsonNode.Parse(line)?.AsObject() ?? throw new FormatException("empty line");
        var type = ParseType(o["type"]?.GetValue<string>() ?? throw new FormatException("no type"));
        var p = o["process"] ?? throw new FormatException("no process");
        var process = p.GetValueKind() == JsonValueKind.String && p.GetValue<string>() == "nemesis" ? HistoryEvent.NemesisProcess : p.GetValue<int>();
        return new HistoryEvent(
            o["index"]?.GetValue<int>() ?? throw new FormatException("no index"),
            type, process,
            o["f"]?.GetValue<string>() ?? throw new FormatException("no f"),
            o["value"]?.DeepClone(),
            o["time"]?.GetValue<long>() ?? throw new FormatException("no time"),
            o["error"]?.GetValue<string>());
    }

    /// <summary>The file's name of an event type ("invoke", "ok", "fail", "info").</summary>
    public static string TypeName(HistoryEventType t) => t switch
    {
        HistoryEventType.Invoke => "invoke",
        HistoryEventType.Ok => "ok",
        HistoryEventType.Fail => "fail",
        _ => "info",
    };

    private static HistoryEventType ParseType(string s) => s switch
    {
        "invoke" => HistoryEventType.Invoke,
        "ok" => HistoryEventType.Ok,
        "fail" => HistoryEventType.Fail,
        "info" => HistoryEventType.Info,
        _ => throw new FormatException($"unknown event type '{s}' (invoke, ok, fail, info)"),
    };
}
