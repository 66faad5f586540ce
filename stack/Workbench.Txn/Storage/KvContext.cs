namespace Workbench.Txn.Storage;

/// <summary>
/// What travels with every request to the store (kvproto's <c>Context</c>). A local store ignores
/// it; a replicated store reads the region fields (and may subclass to carry more) to route the
/// request and check the region epoch. Immutable.
/// </summary>
public class KvContext
{
    /// <summary>The context of a single-node store: no region.</summary>
    public static KvContext Local { get; } = new();

    public ulong RegionId { get; init; }
    public ulong RegionConfVer { get; init; }
    public ulong RegionVersion { get; init; }
    public ulong PeerId { get; init; }
    public ulong Term { get; init; }

    /// <summary>Ask the store to make the write durable against a machine crash before acknowledging.</summary>
    public bool Sync { get; init; }
}
