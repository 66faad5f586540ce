namespace Workbench.Jepsen.History;

/// <summary>Jepsen's event types: an operation is invoked, then completes ok (it happened), fail (it certainly did not) or info (unknown).</summary>
public enum HistoryEventType
{
    /// <summary>A client (or the nemesis) started an operation.</summary>
    Invoke,
    /// <summary>The operation completed and took effect.</summary>
    Ok,
    /// <summary>The operation completed and certainly did not take effect.</summary>
    Fail,
    /// <summary>The outcome is unknown (e.g. a timeout); it may or may not have taken effect, at any time after the invoke.</summary>
    Info,
}
