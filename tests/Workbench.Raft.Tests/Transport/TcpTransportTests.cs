using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Workbench.Raft.Messages;
using Workbench.Raft.Transport;
using Workbench.Testing.Processes;

namespace Workbench.Raft.Tests.Transport;

public sealed class TcpTransportTests
{
    private static int FreePort() => FreePorts.Next();

    private static async Task<Message?> ReceiveRaft(TcpTransport t, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var item = await t.Inbound.ReadAsync(cts.Token);
                if (item.Raft is not null) return item.Raft;
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Messages_flow_both_ways_and_a_restarted_peer_is_reconnected()
    {
        var peers = new Dictionary<ulong, IPEndPoint>
        {
            [1] = new(IPAddress.Loopback, FreePort()),
            [2] = new(IPAddress.Loopback, FreePort()),
        };
        await using var a = new TcpTransport(1, peers[1], peers);
        var b = new TcpTransport(2, peers[2], peers);
        a.Send(new Message { From = 1, To = 2, MsgType = MessageType.MsgHeartbeat, Commit = 7 });
        var got = await ReceiveRaft(b, TimeSpan.FromSeconds(10));
        Assert.Equal(7ul, got?.Commit);
        b.Send(new Message { From = 2, To = 1, MsgType = MessageType.MsgHeartbeatResponse });
        Assert.Equal(MessageType.MsgHeartbeatResponse, (await ReceiveRaft(a, TimeSpan.FromSeconds(10)))?.MsgType);

        // B goes away and comes back on the same port: A reconnects (with backoff) and delivers again.
        await b.DisposeAsync();
        await using var b2 = new TcpTransport(2, peers[2], peers);
        Message? again = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (again is null && DateTime.UtcNow < deadline)
        {
            // Messages sent into the dead connection are lost, as Raft allows; keep sending like heartbeats do.
            a.Send(new Message { From = 1, To = 2, MsgType = MessageType.MsgHeartbeat, Commit = 9 });
            again = await ReceiveRaft(b2, TimeSpan.FromMilliseconds(200));
        }
        Assert.Equal(9ul, again?.Commit);
    }

    [Fact]
    public async Task An_oversized_frame_is_rejected_naming_its_length()
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, FrameCodec.MaxFrameBytes + 1u);
        using var ms = new MemoryStream(header);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(async () => await FrameCodec.ReadAsync(ms, CancellationToken.None));
        Assert.Contains((FrameCodec.MaxFrameBytes + 1L).ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Frames_round_trip_and_a_clean_end_returns_null()
    {
        using var ms = new MemoryStream();
        await FrameCodec.WriteAsync(ms, new Frame { Raft = new Message { To = 3, Index = 42 } }, CancellationToken.None);
        ms.Position = 0;
        var f = await FrameCodec.ReadAsync(ms, CancellationToken.None);
        Assert.Equal(42ul, f?.Raft.Index);
        Assert.Null(await FrameCodec.ReadAsync(ms, CancellationToken.None));
    }
}
