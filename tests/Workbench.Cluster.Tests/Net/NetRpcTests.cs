using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Workbench.Cluster.Client;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Net;
using Workbench.Cluster.Pd;
using Workbench.Cluster.Topology;
using Workbench.Raft.Messages;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Tests.Net;

/// <summary>The tcp topology's RPC in one process: round trips, PD's service, and the error mapping IStoreRpc documents.</summary>
public sealed class NetRpcTests
{
    /// <summary>A PD that knows one store address (or none).</summary>
    private sealed class AddressBook(string? address) : IPdRpc
    {
        public Task<GetRegionResponse> GetRegionAsync(byte[] key) => Task.FromResult(new GetRegionResponse());
        public Task<GetRegionResponse> GetRegionByIdAsync(ulong regionId) => Task.FromResult(new GetRegionResponse());
        public Task<GetStoreResponse> GetStoreAsync(ulong storeId) =>
            Task.FromResult(address is null ? new GetStoreResponse() : new GetStoreResponse { Store = new Messages.Store { Id = storeId, Address = address } });
        public Task<TsoResponse> TsoAsync(uint count) => throw new IOException("no TSO here");
    }

    private static readonly IPEndPoint Any = new(IPAddress.Loopback, 0);

    [Fact]
    public async Task Store_calls_round_trip_and_many_in_flight_are_matched_by_request_id()
    {
        await using var server = new FrameServer(Any, (req, reply) =>
        {
            var r = RawGetRequest.Parser.ParseFrom(req.Body);
            // Answer from another thread, out of order, as the store loop does.
            _ = Task.Run(() => reply!(new RpcResponse { Body = new RawGetResponse { Value = r.Key }.ToByteString() }));
        });
        await using var rpc = new TcpStoreRpc(new AddressBook($"127.0.0.1:{server.LocalEndpoint.Port}"));
        var calls = Enumerable.Range(0, 64).Select(async i =>
        {
            var key = ByteString.CopyFromUtf8($"key{i}");
            var resp = await rpc.CallAsync(1, "RawGet", new RawGetRequest { Key = key }, RawGetResponse.Parser);
            Assert.Equal(key, resp.Value);
        });
        await Task.WhenAll(calls);
    }

    [Fact]
    public async Task A_method_the_store_does_not_have_is_a_ClusterException()
    {
        await using var server = new FrameServer(Any, (req, reply) => reply!(new RpcResponse { Error = $"store has no method '{req.Method}'" }));
        await using var rpc = new TcpStoreRpc(new AddressBook($"127.0.0.1:{server.LocalEndpoint.Port}"));
        var e = await Assert.ThrowsAsync<ClusterException>(() => rpc.CallAsync(1, "NoSuchMethod", new RawGetRequest(), RawGetResponse.Parser));
        Assert.Contains("NoSuchMethod", e.Message);
    }

    [Fact]
    public async Task No_address_or_a_refused_connection_is_StoreUnreachable_not_delivered()
    {
        await using (var rpc = new TcpStoreRpc(new AddressBook(null)))
            Assert.Equal(7UL, (await Assert.ThrowsAsync<StoreUnreachableException>(() => rpc.CallAsync(7, "RawGet", new RawGetRequest(), RawGetResponse.Parser))).StoreId);
        var l = new TcpListener(Any);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop(); // nothing listens there now
        await using (var rpc = new TcpStoreRpc(new AddressBook($"127.0.0.1:{port}")))
            await Assert.ThrowsAsync<StoreUnreachableException>(() => rpc.CallAsync(2, "RawGet", new RawGetRequest(), RawGetResponse.Parser));
    }

    [Fact]
    public async Task No_answer_in_time_or_a_connection_lost_mid_call_is_a_TimeoutException_maybe_delivered()
    {
        await using (var silent = new FrameServer(Any, (_, _) => { }))
        await using (var rpc = new TcpStoreRpc(new AddressBook($"127.0.0.1:{silent.LocalEndpoint.Port}"), TimeSpan.FromMilliseconds(300)))
            await Assert.ThrowsAsync<TimeoutException>(() => rpc.CallAsync(1, "RawPut", new RawPutRequest(), RawPutResponse.Parser));

        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closing = new FrameServer(Any, (_, _) => received.TrySetResult());
        var port = closing.LocalEndpoint.Port;
        await using var rpc2 = new TcpStoreRpc(new AddressBook($"127.0.0.1:{port}"), TimeSpan.FromSeconds(20));
        var call = rpc2.CallAsync(1, "RawPut", new RawPutRequest(), RawPutResponse.Parser);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(20)); // the call reached the server …
        await closing.DisposeAsync(); // … which now closes every connection with it unanswered
        await Assert.ThrowsAsync<TimeoutException>(() => call);
    }

    [Fact]
    public async Task Pd_server_bootstraps_once_every_initial_store_registered_and_serves_tso_regions_and_store_state()
    {
        var pd = PlacementDriver.Open(new PdOptions(), () => 1_000_000, new MemoryFileSystem(), "/pd");
        await using var server = new PdServer(pd, [1, 2, 3], Any);
        await using var rpc = new TcpPdRpc($"127.0.0.1:{server.LocalEndpoint.Port}");
        async Task Put(ulong id) => Assert.Equal("", (await rpc.CallAsync(PdMethods.PutStore, new PutStoreRequest { Store = new Messages.Store { Id = id, Address = $"127.0.0.1:{20160 + id}", Engine = "lsm" } }, PutStoreResponse.Parser)).Error);
        await Put(1);
        await Put(2);
        Assert.False((await rpc.CallAsync(PdMethods.Bootstrap, new BootstrapRequest { StoreId = 1 }, BootstrapResponse.Parser)).Bootstrapped);
        await Put(3);
        var b = await rpc.CallAsync(PdMethods.Bootstrap, new BootstrapRequest { StoreId = 2 }, BootstrapResponse.Parser);
        Assert.True(b.Bootstrapped);
        Assert.Equal([1UL, 2UL, 3UL], b.Region.Peers.Select(p => p.StoreId).Order().ToArray());
        // Another initial store asking later gets the same first region; a store without a peer gets none.
        Assert.Equal(b.Region.Id, (await rpc.CallAsync(PdMethods.Bootstrap, new BootstrapRequest { StoreId = 3 }, BootstrapResponse.Parser)).Region.Id);
        Assert.Null((await rpc.CallAsync(PdMethods.Bootstrap, new BootstrapRequest { StoreId = 9 }, BootstrapResponse.Parser)).Region);

        Assert.Equal(b.Region.Id, (await rpc.GetRegionAsync("any key"u8.ToArray())).Region.Id);
        Assert.Equal("127.0.0.1:20162", (await rpc.GetStoreAsync(2)).Store.Address);
        var t1 = await rpc.TsoAsync(10);
        var t2 = await rpc.TsoAsync(1);
        Assert.True(PlacementDriver.ComposeTs(t2.Physical, t2.Logical) > PlacementDriver.ComposeTs(t1.Physical, t1.Logical));

        await rpc.SetStoreStateAsync(3, StoreState.Offline);
        var status = await rpc.GetClusterStatusAsync();
        Assert.Equal(StoreState.Offline, status.Stores.Single(s => s.Store.Id == 3).Store.State);
        await Assert.ThrowsAsync<InvalidOperationException>(() => rpc.SetStoreStateAsync(42, StoreState.Offline));
        var unknown = await Assert.ThrowsAsync<IOException>(() => rpc.CallAsync("NoSuchPdMethod", new TsoRequest(), TsoResponse.Parser));
        Assert.Contains("NoSuchPdMethod", unknown.Message);
    }

    [Fact]
    public async Task An_unreachable_pd_is_an_IOException_the_region_cache_backs_off_on()
    {
        var l = new TcpListener(Any);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        await using var rpc = new TcpPdRpc($"127.0.0.1:{port}");
        await Assert.ThrowsAsync<RpcNotSentException>(() => rpc.TsoAsync(1));
    }

    [Fact]
    public void Tcp_keys_are_validated_with_line_and_key()
    {
        var registry = new EngineRegistry().RegisterBuiltIns();
        const string bad = """
            topology: tcp
            pd: { address: 127.0.0.1:2379, status_address: 127.0.0.1:20160 }
            nodes:
              - { id: 1, address: 127.0.0.1:20160, engine: { name: memory } }
              - { id: 2, address: 127.0.0.1:20161, engine: { name: memory }, standby: maybe }
              - { id: 3, address: 127.0.0.1:20162, engine: { name: memory }, standby: true, data_dir: d/x }
              - { id: 4, address: 127.0.0.1:20163, status_address: nowhere, engine: { name: memory }, data_dir: d/x }
            replicas: 3
            """;
        var e = Assert.Throws<ClusterConfigException>(() => new ClusterConfigLoader(registry).Load(bad, "bad.yaml"));
        Assert.Contains("bad.yaml:5: nodes[1].standby: must be true or false, got 'maybe'", e.Message);
        Assert.Contains("bad.yaml:4: nodes[0].address: 127.0.0.1:20160 is also pd.status_address", e.Message);
        Assert.Contains("bad.yaml:7: nodes[3].status_address: must be HOST:PORT, got 'nowhere'", e.Message);
        Assert.Contains("bad.yaml:7: nodes[3].data_dir: d/x is used by another node", e.Message);
        const string tooFew = """
            topology: tcp
            nodes:
              - { id: 1, address: 127.0.0.1:20160, engine: { name: memory } }
              - { id: 2, address: 127.0.0.1:20161, engine: { name: memory } }
              - { id: 3, address: 127.0.0.1:20162, engine: { name: memory }, standby: true }
            replicas: 3
            """;
        var e2 = Assert.Throws<ClusterConfigException>(() => new ClusterConfigLoader(registry).Load(tooFew, "few.yaml"));
        Assert.Contains("3 replicas need at least 3 nodes without standby: true, the config has 2", e2.Message);
    }
}
