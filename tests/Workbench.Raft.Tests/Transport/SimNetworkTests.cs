using Workbench.Raft.Messages;

namespace Workbench.Raft.Tests.Transport;

public sealed class SimNetworkTests
{
    private static Message M(ulong from, ulong to, MessageType t = MessageType.MsgAppend) => new() { From = from, To = to, MsgType = t };

    private static List<Message> DrainAll(Raft.Transport.SimNetwork net, long now)
    {
        var got = new List<Message>();
        while (net.TryReceive(now, out var m)) got.Add(m);
        return got;
    }

    [Fact]
    public void Partitions_isolation_and_type_filters_drop_the_right_messages()
    {
        var net = new Raft.Transport.SimNetwork(new Random(1));
        net.Partition([1, 2], [3]);
        net.Send(M(1, 2), 0);
        net.Send(M(1, 3), 0);
        net.Send(M(3, 2), 0);
        Assert.Equal([(1ul, 2ul)], DrainAll(net, 0).Select(m => (m.From, m.To)));
        net.Heal();
        net.Isolate(2, [1, 2, 3]);
        net.Send(M(1, 2), 0);
        net.Send(M(1, 3), 0);
        Assert.Equal([(1ul, 3ul)], DrainAll(net, 0).Select(m => (m.From, m.To)));
        net.Heal();
        net.DropType(MessageType.MsgHeartbeat);
        net.Send(M(1, 2, MessageType.MsgHeartbeat), 0);
        net.Send(M(1, 2, MessageType.MsgAppend), 0);
        Assert.Equal([MessageType.MsgAppend], DrainAll(net, 0).Select(m => m.MsgType));
    }

    [Fact]
    public void Messages_in_flight_when_a_partition_starts_are_lost()
    {
        var net = new Raft.Transport.SimNetwork(new Random(1)) { MinDelayMs = 5, MaxDelayMs = 5 };
        net.Send(M(1, 2), 0);
        Assert.Empty(DrainAll(net, 4));
        net.Partition([1], [2]);
        Assert.Empty(DrainAll(net, 10));
        Assert.Equal(1, net.Dropped);
    }

    [Fact]
    public void Drops_delays_and_reordering_are_deterministic_per_seed()
    {
        static string Trace(int seed)
        {
            var net = new Raft.Transport.SimNetwork(new Random(seed)) { DropRate = 0.3, MinDelayMs = 0, MaxDelayMs = 27, ReorderRate = 0.2 };
            for (ulong i = 0; i < 200; i++) net.Send(new Message { From = 1, To = 2, Index = i }, (long)i);
            var order = new List<ulong>();
            for (long t = 0; t < 1000; t++)
                while (net.TryReceive(t, out var m)) order.Add(m.Index);
            return string.Join(",", order);
        }
        var a = Trace(7);
        Assert.Equal(a, Trace(7));
        Assert.NotEqual(a, Trace(8));
        var delivered = a.Split(',').Select(ulong.Parse).ToList();
        Assert.InRange(delivered.Count, 100, 180); // ~30% dropped
        Assert.NotEqual(delivered.Order().ToList(), delivered); // reordered
    }
}
