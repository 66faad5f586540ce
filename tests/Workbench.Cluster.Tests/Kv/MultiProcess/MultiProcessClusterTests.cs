using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Workbench.Cluster.Kv;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Kv.MultiProcess;

/// <summary>
/// Three real `workbench raft-node` processes on 127.0.0.1 over TCP: find the leader, write through
/// it, SIGKILL it, and check that the survivors elect a new leader that still has every
/// acknowledged write. Every wait polls a condition against a deadline.
/// </summary>
public sealed class MultiProcessClusterTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-raft-" + Guid.NewGuid().ToString("N"));
    private readonly List<NodeProcess> _nodes = [];
    private readonly Dictionary<ulong, IPEndPoint> _endpoints = [];

    public void Dispose()
    {
        foreach (var n in _nodes) n.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    private static int FreePort() => FreePorts.Next();

    private async Task<ClientResponse?> TryCall(ulong node, ClientRequest request)
    {
        try
        {
            using var client = await KvTcpClient.ConnectAsync(_endpoints[node], RequestTimeout);
            return await client.CallAsync(request, RequestTimeout);
        }
        catch (Exception e) when (e is IOException or SocketException or TimeoutException or OperationCanceledException)
        {
            return null;
        }
    }

    private async Task<(ulong Leader, ulong Term)> WaitForLeader(IEnumerable<ulong> candidates, ulong minTerm, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var id in candidates)
            {
                var r = await TryCall(id, new ClientRequest { Status = true });
                if (r is { IsLeader: true } && r.Term >= minTerm) return (id, r.Term);
            }
            await Task.Delay(50); // poll interval between checks of the condition, not a synchronization sleep
        }
        throw new TimeoutException($"no leader among [{string.Join(",", candidates)}] with term >= {minTerm} within {timeout}; outputs:\n{string.Join("\n---\n", _nodes.Select(n => $"node {n.Id}:\n{n.Output}"))}");
    }

    /// <summary>Sends a command to whichever candidate is leader, retrying (leader changes, timeouts) until it succeeds or the deadline passes.</summary>
    private async Task<ClientResponse?> ExecuteOnLeader(ClientRequest request, IEnumerable<ulong> candidates, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var id in candidates)
            {
                var status = await TryCall(id, new ClientRequest { Status = true });
                if (status is not { IsLeader: true }) continue;
                var r = await TryCall(id, request.Clone());
                if (r is { Ok: true }) return r;
            }
            await Task.Delay(50); // poll interval between attempts, not a synchronization sleep
        }
        return null;
    }

    private static ClientRequest Put(string key, string value) => new()
    {
        Command = new KvCommand { Op = KvOp.KvPut, Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(value) },
    };

    private static ClientRequest Get(string key) => new() { Command = new KvCommand { Op = KvOp.KvGet, Key = ByteString.CopyFromUtf8(key) } };

    [Fact]
    public async Task Killing_the_leader_process_keeps_every_acknowledged_write()
    {
        Directory.CreateDirectory(_dir);
        for (ulong id = 1; id <= 3; id++) _endpoints[id] = new IPEndPoint(IPAddress.Loopback, FreePort());
        var peers = string.Join(",", _endpoints.Select(kv => $"{kv.Key}={kv.Value}"));
        foreach (var id in _endpoints.Keys) _nodes.Add(new NodeProcess(id, peers, Path.Combine(_dir, "n" + id)));
        foreach (var n in _nodes)
            Assert.True(n.WaitListening(TimeSpan.FromSeconds(60)), $"node {n.Id} did not start:\n{n.Output}");

        var (leader, term) = await WaitForLeader(_endpoints.Keys, 1, TimeSpan.FromSeconds(30));
        output.WriteLine($"leader {leader} in term {term}");

        var acked = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            var r = await ExecuteOnLeader(Put("k" + i, "v" + i), _endpoints.Keys, TimeSpan.FromSeconds(15));
            if (r is { Ok: true }) acked.Add(i);
        }
        Assert.True(acked.Count >= 30, $"only {acked.Count} of 40 writes were acknowledged");

        // Kill whoever leads now (leadership may have moved under load).
        (leader, term) = await WaitForLeader(_endpoints.Keys, 1, TimeSpan.FromSeconds(30));
        _nodes.Single(n => n.Id == leader).Kill();
        var survivors = _endpoints.Keys.Where(id => id != leader).ToArray();
        var (newLeader, newTerm) = await WaitForLeader(survivors, term + 1, TimeSpan.FromSeconds(30));
        output.WriteLine($"after SIGKILL of {leader}: leader {newLeader} in term {newTerm}");
        Assert.NotEqual(leader, newLeader);

        foreach (var i in acked)
        {
            var r = await ExecuteOnLeader(Get("k" + i), survivors, TimeSpan.FromSeconds(15));
            Assert.True(r is { Ok: true, Found: true }, $"acknowledged write k{i} not readable after failover");
            Assert.Equal("v" + i, r!.Value.ToStringUtf8());
        }
        var after = await ExecuteOnLeader(Put("after", "1"), survivors, TimeSpan.FromSeconds(15));
        Assert.True(after is { Ok: true }, "the new leader does not accept writes");

        // The killed node restarts from its on-disk log and rejoins as a follower of the new leader.
        var restarted = new NodeProcess(leader, peers, Path.Combine(_dir, "n" + leader));
        _nodes.Add(restarted);
        Assert.True(restarted.WaitListening(TimeSpan.FromSeconds(60)), $"restarted node did not start:\n{restarted.Output}");
        ClientResponse? status = null;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < until)
        {
            status = await TryCall(leader, new ClientRequest { Status = true });
            if (status is { IsLeader: false } && status.LeaderHint != 0 && status.Term >= newTerm) break;
            await Task.Delay(50); // poll interval
        }
        Assert.True(status is { IsLeader: false } && status.Term >= newTerm && status.LeaderHint != 0, $"restarted node did not rejoin: {status}\n{restarted.Output}");
    }
}
