using Workbench.Cluster.Client;

namespace Workbench.Cluster.Net;

/// <summary>
/// A client's view of a running tcp cluster: <see cref="Connect"/> with PD's address gives the
/// <see cref="IPdRpc"/> and <see cref="IStoreRpc"/> that <see cref="RawClient"/> (and the
/// transactional client) run over. Connections open lazily, so Connect itself never fails on a
/// down cluster; the first call does (RegionCache retries PD with its backoff).
/// </summary>
public sealed class TcpCluster : IAsyncDisposable, IDisposable
{
    private readonly TcpPdRpc _pd;
    private readonly TcpStoreRpc _stores;

    private TcpCluster(string pdAddress, TimeSpan? storeTimeout)
    {
        _pd = new TcpPdRpc(pdAddress);
        _stores = new TcpStoreRpc(_pd, storeTimeout);
    }

    /// <summary>One call: PD at HOST:PORT (e.g. 127.0.0.1:2379).</summary>
    public static TcpCluster Connect(string pdAddress, TimeSpan? storeTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(pdAddress);
        if (!Endpoints.TrySplit(pdAddress, out _, out _)) throw new ArgumentException($"PD address must be HOST:PORT, got '{pdAddress}'");
        return new TcpCluster(pdAddress, storeTimeout);
    }

    /// <summary>PD's client calls (what the region cache and TSO client need).</summary>
    public IPdRpc PdRpc => _pd;
    /// <summary>The PD connection, with its store-side and admin calls too.</summary>
    public TcpPdRpc Pd => _pd;
    /// <summary>Calls to the stores, resolved through PD.</summary>
    public IStoreRpc StoreRpc => _stores;

    /// <summary>A raw KV client over the cluster; <paramref name="seed"/> 0 = seeded from the clock.</summary>
    public RawClient NewRawClient(int seed = 0, int maxBackoffMs = 20_000) =>
        new(new RegionCache(_pd), _stores, SystemClusterClock.Instance, new Random(seed == 0 ? Environment.TickCount : seed), maxBackoffMs);

    /// <summary>Closes the PD and store connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stores.DisposeAsync().ConfigureAwait(false);
        await _pd.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
