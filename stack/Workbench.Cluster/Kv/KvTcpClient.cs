using System.Net;
using Workbench.Raft.Transport;

namespace Workbench.Cluster.Kv;

/// <summary>
/// A client of the KV demo's protocol: <see cref="ClientRequest"/> / <see cref="ClientResponse"/> as
/// the bodies of method <see cref="Method"/> over the framed TCP RPC, one node per client. Thread-safe.
/// </summary>
internal sealed class KvTcpClient : IDisposable
{
    public const string Method = "kv";

    private readonly RpcClient _rpc;

    private KvTcpClient(RpcClient rpc) => _rpc = rpc;

    public static async Task<KvTcpClient> ConnectAsync(IPEndPoint endpoint, TimeSpan timeout) =>
        new(await RpcClient.ConnectAsync(endpoint, timeout).ConfigureAwait(false));

    /// <summary>Sends a request and waits for its response; throws <see cref="TimeoutException"/> or <see cref="IOException"/>.</summary>
    public async Task<ClientResponse> CallAsync(ClientRequest request, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resp = await _rpc.CallAsync(Method, request, timeout).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(resp.Error)) throw new IOException($"node refused the call: {resp.Error}");
        return ClientResponse.Parser.ParseFrom(resp.Body);
    }

    public void Dispose() => _rpc.Dispose();
}
