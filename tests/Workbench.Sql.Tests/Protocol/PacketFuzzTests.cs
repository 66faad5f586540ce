using System.Net.Sockets;
using MySqlConnector;

namespace Workbench.Sql.Tests.Protocol;

/// <summary>Random, truncated and oversized packets close only their own connection; another connection keeps answering.</summary>
public sealed class PacketFuzzTests
{
    [Fact]
    public async Task Garbage_connections_do_not_disturb_a_working_one()
    {
        int seed = TestSeed.Fresh(null);
        var rng = new Random(seed);
        await using var server = new TestServer();
        using var good = new MySqlConnection(server.ConnectionString());
        await good.OpenAsync();
        for (int round = 0; round < 40; round++)
        {
            using (var tcp = new TcpClient())
            {
                await tcp.ConnectAsync("127.0.0.1", server.Port);
                var stream = tcp.GetStream();
                var greeting = new byte[256];
                _ = await stream.ReadAsync(greeting);
                byte[] junk = (round % 4) switch
                {
                    // A login packet cut short.
                    0 => [0x20, 0, 0, 1, 0x85, 0xA6, 0x0F],
                    // A header announcing more than max_allowed_packet.
                    1 => [0xFF, 0xFF, 0xFF, 1, 1, 2, 3],
                    // Pure noise.
                    2 => RandomBytes(rng, rng.Next(1, 200)),
                    // A well-framed packet with a random body.
                    _ => Framed(RandomBytes(rng, rng.Next(1, 100)), 1),
                };
                await stream.WriteAsync(junk);
                if (round % 2 == 0) tcp.Client.Shutdown(SocketShutdown.Send);
                var buf = new byte[1024];
                try
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    while (await stream.ReadAsync(buf, cts.Token) > 0) { }
                }
                catch (IOException) { }
            }
            using var cmd = new MySqlCommand($"select {round} + 1", good);
            Assert.Equal((long)round + 1, await cmd.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Malformed_command_after_login_gets_an_error_and_closes()
    {
        await using var server = new TestServer();
        using var c = new MySqlConnection(server.ConnectionString());
        await c.OpenAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        var stream = tcp.GetStream();
        var buf = new byte[512];
        int n = await stream.ReadAsync(buf);
        Assert.True(n > 4);
        Assert.Equal(10, buf[4]); // protocol version of HandshakeV10
        // COM_STMT_EXECUTE without its statement id, before login: a malformed login packet.
        await stream.WriteAsync(Framed([0x17, 1], 1));
        var reply = new List<byte>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int r;
        while ((r = await stream.ReadAsync(buf, cts.Token)) > 0) reply.AddRange(buf.AsSpan(0, r).ToArray());
        Assert.True(reply.Count > 5);
        Assert.Equal(0xFF, reply[4]); // ERR, then the server closed the connection
        using var cmd = new MySqlCommand("select 7", c);
        Assert.Equal(7L, await cmd.ExecuteScalarAsync());
    }

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static byte[] Framed(byte[] payload, byte seq) =>
        [(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), seq, .. payload];
}
