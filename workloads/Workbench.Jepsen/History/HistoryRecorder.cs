using System.Text.Json.Nodes;

namespace Workbench.Jepsen.History;

/// <summary>
/// Appends events in the order they happen, stamping each with the run's clock (nanoseconds since
/// the start). Thread-safe: one lock, so indexes and times are in one total order. Values are
/// deep-cloned on the way in, so callers may reuse their nodes.
/// </summary>
public sealed class HistoryRecorder(Func<long> nowNs)
{
    private readonly List<HistoryEvent> _events = [];
    private readonly System.Threading.Lock _gate = new();

    /// <summary>Records that <paramref name="process"/> invoked <paramref name="f"/> with <paramref name="value"/>; returns the stamped event.</summary>
    public HistoryEvent Invoke(int process, string f, JsonNode? value) => Add(HistoryEventType.Invoke, process, f, value, null);

    /// <summary>Records the completion of <paramref name="process"/>'s outstanding <paramref name="f"/> as ok, fail or info (an invoke type is refused).</summary>
    public HistoryEvent Complete(HistoryEventType type, int process, string f, JsonNode? value, string? error = null)
    {
        if (type == HistoryEventType.Invoke) throw new ArgumentException("a completion cannot be an invoke", nameof(type));
        return Add(type, process, f, value, error);
    }

    private HistoryEvent Add(HistoryEventType type, int process, string f, JsonNode? value, string? error)
    {
        var copy = value?.DeepClone();
        lock (_gate)
        {
            var e = new HistoryEvent(_events.Count, type, process, f, copy, nowNs(), error);
            _events.Add(e);
            return e;
        }
    }

    /// <summary>Events recorded so far.</summary>
    public int Count
    {
        get { lock (_gate) return _events.Count; }
    }

    /// <summary>A copy of the events so far.</summary>
    public IReadOnlyList<HistoryEvent> Events
    {
        get { lock (_gate) return [.. _events]; }
    }
}
