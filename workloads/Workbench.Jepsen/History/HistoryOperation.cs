using System.Text.Json.Nodes;

namespace Workbench.Jepsen.History;

/// <summary>
/// An invocation paired with its completion. <see cref="Outcome"/> is Ok, Fail or Info (Info also
/// when the history ended before the completion). <see cref="CompleteNs"/> is
/// <see cref="long.MaxValue"/> for Info: the operation may take effect at any later time.
/// </summary>
public sealed record HistoryOperation(int InvokeIndex, int Process, string F, HistoryEventType Outcome, JsonNode? InvokeValue, JsonNode? Value, long InvokeNs, long CompleteNs, string? Error);
