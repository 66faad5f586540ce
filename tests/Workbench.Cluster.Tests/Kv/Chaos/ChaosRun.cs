using System.Text;
using Workbench.Cluster.Kv;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Linearizability;
using Workbench.Raft.Core;
using Workbench.Raft.Messages;

namespace Workbench.Cluster.Tests.Kv.Chaos;

/// <summary>
/// One Jepsen-style run on the simulated KV cluster: concurrent clients issue get/put/cas on a few
/// keys while a nemesis partitions, isolates, crashes and restarts nodes and makes the network
/// lossy and slow. Records the history (virtual-time call/return) for the linearizability checker.
/// </summary>
public sealed class ChaosRun
{
    private readonly SimCluster _c;
    private readonly Random _rng;
    private readonly List<Operation<KvModelInput, KvModelOutput>> _history = [];
    private readonly string[] _keys = ["a", "b", "c"];
    private readonly int _maxDown;
    private readonly bool _membership;
    private ulong _nextNodeId;
    private int _valueSeq;

    public ChaosRun(int seed, ReadOnlyOption readOption, bool durable, bool unsafeLocalReads = false, int nodes = 5, bool membership = false)
    {
        var options = new SimClusterOptions { ReadOnlyOption = readOption, SnapshotEveryEntries = 50, CatchUpEntries = 10, RequestTimeoutTicks = 60, UnsafeLocalReads = unsafeLocalReads };
        if (durable) new DurableNodes { SegmentBytes = 4096 }.Configure(options);
        _c = new SimCluster(seed, nodes, options);
        _maxDown = (nodes - 1) / 2;
        _membership = membership;
        _nextNodeId = (ulong)nodes + 1;
        _rng = new Random(seed * 7919 + 1);
    }

    public IReadOnlyList<Operation<KvModelInput, KvModelOutput>> History => _history;
    public int Completed { get; private set; }
    public int Indeterminate { get; private set; }
    public int Nemeses { get; private set; }
    public int ConfChanges { get; private set; }

    public void Run(int clients, long durationMs)
    {
        var busy = new bool[clients];
        var end = _c.Now + durationMs;
        var nextNemesis = _c.Now + 200;
        while (_c.Now < end)
        {
            for (var cl = 0; cl < clients; cl++)
                if (!busy[cl] && _rng.Next(3) == 0) Issue(cl, busy);
            if (_c.Now >= nextNemesis)
            {
                Nemesis();
                nextNemesis = _c.Now + 100 + _rng.Next(400);
            }
            _c.RunFor(5 + _rng.Next(10));
        }
        // Quiesce: heal everything so outstanding operations finish (or time out) and the cluster recovers.
        _c.Net.Heal();
        _c.Net.DropRate = 0;
        foreach (var id in _c.Ids) _c.Restart(id);
        _c.RunUntil(() => !busy.Any(b => b), 5_000);
        if (busy.Any(b => b)) throw new InvalidOperationException($"clients still waiting after quiescing (seed {_c.Seed})");
        // The cluster must make progress again.
        var final = _c.Execute(KvCommands.Put("final", "1"), 20_000, retryOnTimeout: true);
        if (final.Status != KvStatus.Ok) throw new InvalidOperationException($"cluster did not recover after the nemesis stopped (seed {_c.Seed}): {final.Status}\n{_c.Describe()}");
    }

    private void Issue(int client, bool[] busy)
    {
        // Clients talk to whoever they believe leads (a random live node if nobody does).
        var target = _c.Leader();
        if (target == 0 || _rng.Next(10) == 0)
        {
            var live = _c.Ids.Where(_c.IsUp).ToArray();
            if (live.Length == 0) return;
            target = live[_rng.Next(live.Length)];
        }
        var key = _keys[_rng.Next(_keys.Length)];
        KvModelInput input;
        KvCommand cmd;
        var dice = _rng.Next(10);
        if (dice < 4)
        {
            input = new KvModelInput(KvModelOp.Get, key);
            cmd = KvCommands.Get(key);
        }
        else if (dice < 7)
        {
            var v = "v" + ++_valueSeq;
            input = new KvModelInput(KvModelOp.Put, key, v);
            cmd = KvCommands.Put(key, v);
        }
        else
        {
            // cas from a recently written value (or from absent) so that some succeed.
            string? expected = _valueSeq == 0 || _rng.Next(4) == 0 ? null : "v" + (_valueSeq - _rng.Next(Math.Min(_valueSeq, 3)));
            var v = "v" + ++_valueSeq;
            input = new KvModelInput(KvModelOp.Cas, key, v, expected);
            cmd = KvCommands.Cas(key, expected, v);
        }
        var call = _c.Now;
        busy[client] = true;
        _c.LiveNode(target).Submit(cmd, r =>
        {
            busy[client] = false;
            Record(client, input, r, call);
        });
    }

    private void Record(int client, KvModelInput input, KvResult r, long call)
    {
        switch (r.Status)
        {
            case KvStatus.Ok:
                Completed++;
                var output = input.Op switch
                {
                    KvModelOp.Get => new KvModelOutput(Value: r.Found ? Encoding.UTF8.GetString(r.Value!) : null),
                    KvModelOp.Cas => new KvModelOutput(Succeeded: r.Succeeded),
                    _ => new KvModelOutput(Succeeded: true),
                };
                _history.Add(new Operation<KvModelInput, KvModelOutput>(client, input, output, call, _c.Now));
                break;
            case KvStatus.Timeout:
                // A read that timed out had no effect; a write may or may not have happened.
                if (input.Op != KvModelOp.Get)
                {
                    Indeterminate++;
                    _history.Add(new Operation<KvModelInput, KvModelOutput>(client, input, KvModelOutput.Indeterminate, call, long.MaxValue));
                }
                break;
            default:
                break; // NotLeader / Dropped: nothing was proposed
        }
    }

    /// <summary>One single-step change: promote a caught-up learner, else remove a follower at 5 voters, else add a brand-new node as learner.</summary>
    private void ChangeMembership()
    {
        var leader = _c.Leader();
        if (leader == 0) return;
        var node = _c.LiveNode(leader);
        var conf = node.ConfState;
        ConfChange cc;
        if (conf.Learners.Count > 0)
        {
            cc = new ConfChange { ChangeType = ConfChangeType.AddNode, NodeId = conf.Learners[0] };
        }
        else if (conf.Voters.Count >= 5)
        {
            var followers = conf.Voters.Where(v => v != leader).ToArray();
            cc = new ConfChange { ChangeType = ConfChangeType.RemoveNode, NodeId = followers[_rng.Next(followers.Length)] };
        }
        else
        {
            var id = _nextNodeId++;
            _c.AddSlot(id, []);
            cc = new ConfChange { ChangeType = ConfChangeType.AddLearnerNode, NodeId = id };
        }
        if (node.ProposeConfChange(cc)) ConfChanges++;
    }

    private void Nemesis()
    {
        Nemeses++;
        var ids = _c.Ids.ToArray();
        if (_membership && _rng.Next(3) == 0)
        {
            ChangeMembership();
            return;
        }
        switch (_rng.Next(8))
        {
            case 0:
            {
                _c.Net.Heal();
                var shuffled = ids.OrderBy(_ => _rng.Next()).ToArray();
                var cut = 1 + _rng.Next(2);
                _c.Net.Partition(shuffled[..cut], shuffled[cut..]);
                break;
            }
            case 1:
                _c.Net.Heal();
                var leader = _c.Leader();
                _c.Net.Isolate(leader != 0 ? leader : ids[_rng.Next(ids.Length)], ids);
                break;
            case 2:
                _c.Net.Heal();
                break;
            case 3:
            case 4:
            {
                var up = ids.Where(_c.IsUp).ToArray();
                if (ids.Length - up.Length < _maxDown) _c.Crash(up[_rng.Next(up.Length)]);
                break;
            }
            case 5:
                foreach (var id in ids) _c.Restart(id);
                break;
            case 6:
                _c.Net.DropRate = _rng.Next(3) * 0.05;
                _c.Net.MaxDelayMs = 1 + _rng.Next(27);
                _c.Net.ReorderRate = _rng.Next(2) * 0.05;
                break;
            default:
            {
                var l = _c.Leader();
                if (l != 0) _c.LiveNode(l).TransferLeader(ids[_rng.Next(ids.Length)]);
                break;
            }
        }
    }
}
