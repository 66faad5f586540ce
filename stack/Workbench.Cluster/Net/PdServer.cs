using System.Net;
using Google.Protobuf;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;
using Workbench.Raft.Messages;

namespace Workbench.Cluster.Net;

/// <summary>
/// The PD process's service: every <see cref="PdMethods"/> call answered by one
/// <see cref="PlacementDriver"/> (which is thread-safe and durable) on the connection's reader.
/// Bootstrap: PD creates the first region once every store in <c>initialStores</c> has registered,
/// with peers on them (as the in-process topology does). Methods and their messages come from one
/// table (<see cref="_methods"/>).
/// </summary>
public sealed class PdServer : IAsyncDisposable
{
    private readonly PlacementDriver _pd;
    private readonly IReadOnlyList<ulong> _initialStores;
    private readonly Dictionary<string, Func<ByteString, IMessage>> _methods;
    private readonly FrameServer _server;
    private long _requests;

    /// <summary>Serves <paramref name="pd"/> on <paramref name="listen"/>; the first region is created once every store of <paramref name="initialStores"/> registered.</summary>
    public PdServer(PlacementDriver pd, IReadOnlyList<ulong> initialStores, IPEndPoint listen)
    {
        ArgumentNullException.ThrowIfNull(pd);
        ArgumentNullException.ThrowIfNull(initialStores);
        _pd = pd;
        _initialStores = initialStores;
        _methods = new(StringComparer.Ordinal)
        {
            [PdMethods.Tso] = b => _pd.Tso(TsoRequest.Parser.ParseFrom(b).Count),
            [PdMethods.AllocId] = _ => new AllocIdResponse { Id = _pd.AllocId() },
            [PdMethods.GetRegion] = b => Found(_pd.GetRegion(GetRegionRequest.Parser.ParseFrom(b).RegionKey.Span)),
            [PdMethods.GetRegionById] = b => Found(_pd.GetRegionById(GetRegionByIdRequest.Parser.ParseFrom(b).RegionId)),
            [PdMethods.GetStore] = b => new GetStoreResponse { Store = _pd.GetStore(GetStoreRequest.Parser.ParseFrom(b).StoreId) },
            [PdMethods.GetAllStores] = _ =>
            {
                var r = new GetAllStoresResponse();
                r.Stores.AddRange(_pd.GetAllStores());
                return r;
            },
            [PdMethods.ScanRegions] = _ =>
            {
                var r = new ScanRegionsResponse();
                foreach (var (region, leader) in _pd.AllRegions()) r.Regions.Add(new RegionWithLeader { Region = region, Leader = leader });
                return r;
            },
            [PdMethods.PutStore] = b => PutStore(PutStoreRequest.Parser.ParseFrom(b)),
            [PdMethods.Bootstrap] = b => Bootstrap(BootstrapRequest.Parser.ParseFrom(b)),
            [PdMethods.StoreHeartbeat] = b =>
            {
                _pd.StoreHeartbeat(StoreHeartbeatRequest.Parser.ParseFrom(b));
                return new AllocIdResponse();
            },
            [PdMethods.RegionHeartbeat] = b => _pd.RegionHeartbeat(RegionHeartbeatRequest.Parser.ParseFrom(b)) ?? new RegionHeartbeatResponse(),
            [PdMethods.AskBatchSplit] = b => _pd.AskBatchSplit(AskBatchSplitRequest.Parser.ParseFrom(b)),
            [PdMethods.ReportBatchSplit] = b =>
            {
                _pd.ReportBatchSplit(ReportBatchSplitRequest.Parser.ParseFrom(b));
                return new AllocIdResponse();
            },
            [PdMethods.SetStoreState] = b => SetStoreState(SetStoreStateRequest.Parser.ParseFrom(b)),
            [PdMethods.GetClusterStatus] = _ => Status(),
        };
        _server = new FrameServer(listen, Handle);
    }

    /// <summary>The placement driver answering the calls.</summary>
    public PlacementDriver Pd => _pd;
    /// <summary>The address listened on (the ephemeral port when 0 was asked).</summary>
    public IPEndPoint LocalEndpoint => _server.LocalEndpoint;
    /// <summary>Calls answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    private void Handle(RpcRequest request, Action<RpcResponse>? reply)
    {
        Interlocked.Increment(ref _requests);
        if (!_methods.TryGetValue(request.Method, out var f))
        {
            reply?.Invoke(new RpcResponse { Error = $"PD has no method '{request.Method}'" });
            return;
        }
        IMessage resp;
        try
        {
            resp = f(request.Body);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or InvalidOperationException)
        {
            reply?.Invoke(new RpcResponse { Error = $"{request.Method}: {e.Message}" });
            return;
        }
        reply?.Invoke(new RpcResponse { Body = resp.ToByteString() });
    }

    private static GetRegionResponse Found((Region Region, Peer? Leader)? r) =>
        r is null ? new GetRegionResponse() : new GetRegionResponse { Region = r.Value.Region, Leader = r.Value.Leader };

    private PutStoreResponse PutStore(PutStoreRequest r)
    {
        try
        {
            _pd.PutStore(r.Store);
            return new PutStoreResponse();
        }
        catch (InvalidOperationException e)
        {
            return new PutStoreResponse { Error = e.Message };
        }
    }

    private BootstrapResponse Bootstrap(BootstrapRequest r)
    {
        if (!_pd.IsBootstrapped)
        {
            var metas = new List<Messages.Store>();
            foreach (var id in _initialStores)
            {
                var s = _pd.GetStore(id);
                if (s is null) return new BootstrapResponse { Bootstrapped = false }; // wait for every initial store
                metas.Add(s);
            }
            _pd.Bootstrap(metas);
        }
        // The first region, while it is still exactly as bootstrapped (epoch 1/1), for a store that
        // holds a peer of it: creating that peer is then what every initial store did. Later
        // regions reach stores by Raft messages and snapshots, never by this call.
        foreach (var (region, _) in _pd.AllRegions())
            if (region.RegionEpoch is { ConfVer: 1, Version: 1 } && region.Peers.Any(p => p.StoreId == r.StoreId))
                return new BootstrapResponse { Bootstrapped = true, Region = region };
        return new BootstrapResponse { Bootstrapped = true };
    }

    private SetStoreStateResponse SetStoreState(SetStoreStateRequest r)
    {
        try
        {
            _pd.SetStoreState(r.StoreId, r.State);
            return new SetStoreStateResponse();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return new SetStoreStateResponse { Error = e.Message };
        }
    }

    private GetClusterStatusResponse Status()
    {
        var r = new GetClusterStatusResponse { OperatorsPending = (ulong)_pd.PendingOperators };
        foreach (var s in _pd.StoreSummaries())
            r.Stores.Add(new StoreStatus { Store = s.Store, Regions = (uint)s.Regions, Leaders = s.Leaders, RegionBytes = s.RegionBytes, SecondsSinceHeartbeat = s.SecondsSinceHeartbeat });
        foreach (var (region, leader) in _pd.AllRegions()) r.Regions.Add(new RegionWithLeader { Region = region, Leader = leader });
        foreach (var (k, v) in _pd.OperatorCountsByKind()) r.OperatorsByKind[k] = (ulong)v;
        return r;
    }

    /// <summary>Stops listening and closes the connections.</summary>
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
