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

    /// <summary>Region the request is for (0 = none).</summary>
    public ulong RegionId { get; init; }
    /// <summary>Region epoch: conf_ver the client saw.</summary>
    public ulong RegionConfVer { get; init; }
    /// <summary>Region epoch: version the client saw.</summary>
    public ulong RegionVersion { get; init; }
    /// <summary>Peer (leader) the request is sent to.</summary>
    public ulong PeerId { get; init; }
    /// <summary>Leader term the client saw.</summary>
    public ulong Term { get; init; }

    /// <summary>Ask the store to make the write durable against a machine crash before acknowledging.</summary>
    public bool Sync { get; init; }
}
