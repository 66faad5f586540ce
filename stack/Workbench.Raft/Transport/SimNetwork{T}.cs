namespace Workbench.Raft.Transport;

/// <summary>
/// A deterministic simulated network for tests (the filters of etcd's and MIT 6.824's test
/// networks): seeded drop rate, random delay (which also reorders), extra reordering, partitions of
/// two sets, isolation of a node and drops by message type. Time is the caller's virtual clock in
/// milliseconds; nothing here reads a real clock. Partitions apply at send and at delivery time,
/// so messages in flight when a partition starts are lost. Not thread-safe.
/// Generic over the message so that the cluster's store-to-store envelopes travel the same way:
/// <paramref name="address"/> names a message's sender, receiver and kind (for drops by type).
/// </summary>
public class SimNetwork<T>(Random random, Func<T, (ulong From, ulong To, int Kind)> address)
    where T : class
{
    private readonly Random _random = random ?? throw new ArgumentNullException(nameof(random));
    private readonly Func<T, (ulong From, ulong To, int Kind)> _address = address ?? throw new ArgumentNullException(nameof(address));
    private readonly PriorityQueue<T, (long At, long Seq)> _inFlight = new();
    private readonly HashSet<(ulong From, ulong To)> _cut = [];
    private readonly HashSet<int> _droppedKinds = [];
    private long _seq;

    /// <summary>Probability in [0,1) that a message is lost.</summary>
    public double DropRate { get; set; }

    /// <summary>Smallest delivery delay in virtual milliseconds.</summary>
    public int MinDelayMs { get; set; }
    /// <summary>Largest delivery delay in virtual milliseconds (delays are uniform in [min, max]).</summary>
    public int MaxDelayMs { get; set; }

    /// <summary>Probability that a message gets an extra delay of up to 4×MaxDelayMs (stronger reordering).</summary>
    public double ReorderRate { get; set; }

    /// <summary>Messages handed to <see cref="Send"/>, dropped ones included.</summary>
    public long Sent { get; private set; }
    /// <summary>Messages lost to drops, cuts or dropped kinds.</summary>
    public long Dropped { get; private set; }
    /// <summary>Messages sent and not yet delivered.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Cuts every link between the two sets (both directions).</summary>
    public void Partition(IEnumerable<ulong> a, IEnumerable<ulong> b)
    {
        var bs = b.ToArray();
        foreach (var x in a)
            foreach (var y in bs)
            {
                _cut.Add((x, y));
                _cut.Add((y, x));
            }
    }

    /// <summary>Cuts a node off from all <paramref name="others"/>.</summary>
    public void Isolate(ulong id, IEnumerable<ulong> others) => Partition([id], others.Where(o => o != id));

    /// <summary>Cuts one direction of one link.</summary>
    public void Cut(ulong from, ulong to) => _cut.Add((from, to));

    /// <summary>Restores every cut link (dropped kinds stay).</summary>
    public void Heal() => _cut.Clear();

    /// <summary>Drops every message of this kind (for the cluster's envelopes, the inner Raft message type).</summary>
    public void DropKind(int kind) => _droppedKinds.Add(kind);
    /// <summary>Stops dropping messages by kind.</summary>
    public void ClearDroppedTypes() => _droppedKinds.Clear();

    /// <summary>Whether messages from <paramref name="from"/> to <paramref name="to"/> get through (no cut on that direction).</summary>
    public bool Connected(ulong from, ulong to) => !_cut.Contains((from, to));

    /// <summary>Sends <paramref name="m"/> at virtual time <paramref name="nowMs"/>: dropped, or queued for delivery after a random delay.</summary>
    public void Send(T m, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(m);
        Sent++;
        var (from, to, kind) = _address(m);
        if (!Connected(from, to) || _droppedKinds.Contains(kind) || (DropRate > 0 && _random.NextDouble() < DropRate))
        {
            Dropped++;
            return;
        }
        long delay = MaxDelayMs > MinDelayMs ? _random.Next(MinDelayMs, MaxDelayMs + 1) : MinDelayMs;
        if (ReorderRate > 0 && _random.NextDouble() < ReorderRate) delay += _random.Next(0, 4 * Math.Max(1, MaxDelayMs) + 1);
        // Messages are immutable once sent (the receiver may keep references), so no copy is needed.
        _inFlight.Enqueue(m, (nowMs + delay, _seq++));
    }

    /// <summary>Takes the next message due at or before <paramref name="nowMs"/>, skipping those whose link is now cut.</summary>
    public bool TryReceive(long nowMs, out T message)
    {
        while (_inFlight.TryPeek(out var m, out var key) && key.At <= nowMs)
        {
            _inFlight.Dequeue();
            var (from, to, _) = _address(m);
            if (!Connected(from, to))
            {
                Dropped++;
                continue;
            }
            message = m;
            return true;
        }
        message = null!;
        return false;
    }

    /// <summary>Time of the next delivery, or null.</summary>
    public long? NextDeliveryAt => _inFlight.TryPeek(out _, out var key) ? key.At : null;

    /// <summary>Drops everything in flight addressed to or from <paramref name="id"/> (a crashed node's sockets die).</summary>
    public void DropInFlight(ulong id)
    {
        var keep = new List<(T, (long, long))>();
        while (_inFlight.TryDequeue(out var m, out var key))
        {
            var (from, to, _) = _address(m);
            if (to != id && from != id) keep.Add((m, key));
        }
        foreach (var (m, key) in keep) _inFlight.Enqueue(m, key);
    }
}
