namespace Workbench.Storage.Contract;

/// <summary>
/// A consistent point-in-time view of an engine, across all column families. Reads through
/// <see cref="ReadOptions.Snapshot"/> see exactly the writes acknowledged before the snapshot was
/// taken. Valid until disposed; disposing twice is harmless. Only the issuing engine accepts it.
/// </summary>
public interface IEngineSnapshot : IDisposable
{
    /// <summary>Engine-defined sequence of the view (monotonic within one engine instance).</summary>
    long Sequence { get; }
}
