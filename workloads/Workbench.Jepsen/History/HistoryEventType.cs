namespace Workbench.Jepsen.History;

/// <summary>Jepsen's event types: an operation is invoked, then completes ok (it happened), fail (it certainly did not) or info (unknown).</summary>
public enum HistoryEventType
{
    Invoke,
    Ok,
    Fail,
    Info,
}
