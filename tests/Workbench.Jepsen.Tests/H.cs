using System.Text.Json.Nodes;
using Workbench.Jepsen.History;

namespace Workbench.Jepsen.Tests;

/// <summary>Builds hand-made histories: each call appends an event at the next time step.</summary>
internal sealed class H
{
    private readonly List<HistoryEvent> _events = [];

    public IReadOnlyList<HistoryEvent> Events => _events;

    public H Add(HistoryEventType type, int process, string f, string? json, string? error = null)
    {
        _events.Add(new HistoryEvent(_events.Count, type, process, f, json is null ? null : JsonNode.Parse(json), _events.Count * 10L, error));
        return this;
    }

    public H Invoke(int p, string f, string? v) => Add(HistoryEventType.Invoke, p, f, v);
    public H Ok(int p, string f, string? v) => Add(HistoryEventType.Ok, p, f, v);
    public H Fail(int p, string f, string? v, string? error = null) => Add(HistoryEventType.Fail, p, f, v, error);
    public H Info(int p, string f, string? v) => Add(HistoryEventType.Info, p, f, v);

    /// <summary>An operation invoked and completed at once.</summary>
    public H Op(int p, string f, string? inv, string? ok) => Invoke(p, f, inv).Ok(p, f, ok);
}
