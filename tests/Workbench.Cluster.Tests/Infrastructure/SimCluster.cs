using Google.Protobuf;
using Workbench.Cluster.Kv;
using Workbench.Raft.Core;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;
using Workbench.Raft.Transport;
using Workbench.Storage.FileSystem;

namespace Workbench.Cluster.Tests.Infrastructure;

/// <summary>
/// A deterministic discrete-event simulation of a KV cluster: every node ticks every
/// <see cref="TickMs"/> virtual milliseconds (with a random phase), messages travel through a
/// <see cref="SimNetwork"/>, and everything random derives from one seed. It checks state-machine
/// safety continuously: two nodes applying different entries at the same index throws at once.
/// </summary>
public sealed class SimCluster
{
    public const int TickMs = 10;

    private readonly Random _rng;
    private readonly SimClusterOptions _options;
    private readonly SortedDictionary<ulong, Slot> _slots = [];
    private readonly Dictionary<ulong, (ulong Term, ByteString Data)> _applied = [];

    public SimCluster(int seed, int nodes, SimClusterOptions? options = null)
    {
        Seed = seed;
        _rng = new Random(seed);
        _options = options ?? new SimClusterOptions();
        Net = new SimNetwork(new Random(_rng.Next())) { MinDelayMs = 1, MaxDelayMs = 3 };
        var voters = new List<ulong>();
        for (ulong i = 1; i <= (ulong)nodes; i++) voters.Add(i);
        foreach (var id in voters) AddSlot(id, voters);
    }

    public int Seed { get; }
    public SimNetwork Net { get; }
    public long Now { get; private set; }
    public IEnumerable<ulong> Ids => _slots.Keys;

    /// <summary>Observes every message a node hands to the network (before drops).</summary>
    public Action<Message>? OnSend { get; set; }

    public KvNode? Node(ulong id) => _slots[id].Node;
    public KvNode LiveNode(ulong id) => _slots[id].Node ?? throw new InvalidOperationException($"node {id} is down (seed {Seed})");
    public IRaftStorage Storage(ulong id) => _slots[id].Storage;
    public bool IsUp(ulong id) => _slots[id].Node is not null;

    /// <summary>Adds a node that is not in the initial configuration (it joins through a conf change).</summary>
    public void AddSlot(ulong id, IReadOnlyList<ulong> initialVoters)
    {
        var storage = _options.StorageFactory?.Invoke(id, initialVoters) ?? new MemoryRaftStorage(initialVoters);
        var slot = new Slot(id, storage);
        _slots[id] = slot;
        Start(slot);
    }

    private void Start(Slot slot)
    {
        var config = new RaftConfig
        {
            Id = slot.Id,
            ElectionTick = _options.ElectionTick,
            HeartbeatTick = _options.HeartbeatTick,
            PreVote = _options.PreVote,
            CheckQuorum = _options.CheckQuorum,
            ReadOnlyOption = _options.ReadOnlyOption,
            MaxInflightMsgs = _options.MaxInflightMsgs,
            MaxSizePerMsg = _options.MaxSizePerMsg,
            Random = new Random(_rng.Next()),
        };
        var engine = KvEngines.OpenMemory(new MemoryFileSystem(), "/kv" + slot.Id, durable: false);
        var node = new KvNode(config, slot.Storage, engine, new KvNodeOptions
        {
            SnapshotEveryEntries = _options.SnapshotEveryEntries,
            CatchUpEntries = _options.CatchUpEntries,
            RequestTimeoutTicks = _options.RequestTimeoutTicks,
            UnsafeLocalReads = _options.UnsafeLocalReads,
        });
        node.OnApply = CheckApplied;
        slot.Node = node;
        slot.NextTickAt = Now + 1 + _rng.Next(TickMs);
    }

    private void CheckApplied(ulong node, Entry e)
    {
        if (_applied.TryGetValue(e.Index, out var prior))
        {
            if (prior.Term != e.Term || prior.Data != e.Data)
                throw new InvalidOperationException($"SAFETY VIOLATION (seed {Seed}): node {node} applied entry {e.Index} of term {e.Term} but another node applied term {prior.Term} there");
        }
        else
        {
            _applied[e.Index] = (e.Term, e.Data);
        }
    }

    public void Crash(ulong id)
    {
        var slot = _slots[id];
        if (slot.Node is null) return;
        slot.Node.FailAll();
        slot.Node = null;
        Net.DropInFlight(id);
    }

    public void Restart(ulong id)
    {
        var slot = _slots[id];
        if (slot.Node is not null) return;
        if (_options.ReopenStorage is not null) slot.Storage = _options.ReopenStorage(id, slot.Storage);
        Start(slot);
    }

    /// <summary>Advances virtual time by <paramref name="ms"/>, delivering messages and ticks in time order.</summary>
    public void RunFor(long ms)
    {
        var end = Now + ms;
        while (true)
        {
            long next = long.MaxValue;
            foreach (var s in _slots.Values)
                if (s.Node is not null && s.NextTickAt < next) next = s.NextTickAt;
            if (Net.NextDeliveryAt is { } d && d < next) next = d;
            if (next > end) break;
            Now = next;
            while (Net.TryReceive(Now, out var m))
            {
                if (!_slots.TryGetValue(m.To, out var target) || target.Node is null) continue;
                target.Node.Step(m);
                Process(target);
            }
            foreach (var s in _slots.Values)
            {
                if (s.Node is null || s.NextTickAt != Now) continue;
                s.Node.Tick();
                s.NextTickAt += TickMs;
                Process(s);
            }
        }
        Now = end;
    }

    /// <summary>Runs until <paramref name="condition"/> holds (checked every tick) or <paramref name="maxMs"/> of virtual time pass.</summary>
    public bool RunUntil(Func<bool> condition, long maxMs)
    {
        var deadline = Now + maxMs;
        while (!condition())
        {
            if (Now >= deadline) return false;
            RunFor(TickMs);
        }
        return true;
    }

    private void Process(Slot s) => s.Node?.ProcessReady(Send);

    private void Send(Message m)
    {
        OnSend?.Invoke(m);
        Net.Send(m, Now);
    }

    /// <summary>The live leader with the highest term, or 0.</summary>
    public ulong Leader()
    {
        ulong best = 0, bestTerm = 0;
        foreach (var s in _slots.Values)
            if (s.Node is { IsLeader: true } n && n.Term >= bestTerm)
            {
                best = s.Id;
                bestTerm = n.Term;
            }
        return best;
    }

    public ulong WaitForLeader(long maxMs = 10_000)
    {
        if (!RunUntil(() => Leader() != 0, maxMs)) throw new TimeoutException($"no leader within {maxMs} ms of virtual time (seed {Seed})");
        return Leader();
    }

    /// <summary>Submits a command at a node; the returned box fills when it completes.</summary>
    public ResultBox Submit(ulong id, KvCommand cmd)
    {
        var box = new ResultBox();
        LiveNode(id).Submit(cmd, r => box.Result = r);
        Process(_slots[id]);
        return box;
    }

    /// <summary>Submits at the current leader and waits; retries on another leader when not leader/dropped. Returns the final result.</summary>
    /// <remarks>With <paramref name="retryOnTimeout"/> a timed-out attempt is retried too (only for idempotent commands such as put).</remarks>
    public KvResult Execute(KvCommand cmd, long maxMs = 10_000, bool retryOnTimeout = false)
    {
        var deadline = Now + maxMs;
        while (Now < deadline)
        {
            var leader = Leader();
            if (leader == 0)
            {
                RunFor(TickMs);
                continue;
            }
            var box = Submit(leader, cmd);
            RunUntil(() => box.Result is not null, deadline - Now);
            if (box.Result is null) return KvResult.TimedOut;
            if (box.Result.Status == KvStatus.Ok || (box.Result.Status == KvStatus.Timeout && !retryOnTimeout)) return box.Result;
            RunFor(TickMs);
        }
        return KvResult.TimedOut;
    }

    public KvResult Put(string key, string value, long maxMs = 10_000) => Execute(KvCommands.Put(key, value), maxMs);
    public KvResult Get(string key, long maxMs = 10_000) => Execute(KvCommands.Get(key), maxMs);

    /// <summary>Reads a key directly from a node's state machine (no Raft involved).</summary>
    public string? LocalValue(ulong id, string key)
    {
        var r = LiveNode(id).StateMachine.Read(System.Text.Encoding.UTF8.GetBytes(key));
        return r.Found ? System.Text.Encoding.UTF8.GetString(r.Value!) : null;
    }

    /// <summary>Every node's role, term, log and (for leaders) progress, for failure messages.</summary>
    public string Describe()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("t=").Append(Now).Append(" ms, in flight ").Append(Net.InFlight).Append('\n');
        foreach (var s in _slots.Values)
        {
            if (s.Node is null)
            {
                sb.Append("node ").Append(s.Id).Append(": down\n");
                continue;
            }
            var r = s.Node.Raw.Raft;
            sb.Append(r).Append(" applied=").Append(s.Node.AppliedIndex).Append(" conf=").Append(s.Node.ConfState).Append('\n');
            if (s.Node.IsLeader)
                foreach (var (id, pr) in r.Progress) sb.Append("   ").Append(id).Append(": ").Append(pr).Append('\n');
        }
        return sb.ToString();
    }

    public sealed class ResultBox
    {
        public KvResult? Result { get; set; }
    }

    private sealed class Slot(ulong id, IRaftStorage storage)
    {
        public ulong Id { get; } = id;
        public IRaftStorage Storage { get; set; } = storage;
        public KvNode? Node { get; set; }
        public long NextTickAt { get; set; }
    }
}
