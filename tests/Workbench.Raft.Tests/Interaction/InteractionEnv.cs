using System.Globalization;
using System.Text;
using Workbench.Raft.Core;
using Workbench.Raft.Log;
using Workbench.Raft.Messages;
using Workbench.Testing.Golden;

namespace Workbench.Raft.Tests.Interaction;

/// <summary>
/// The state of one Raft interaction script (testdata/*.txt, in the spirit of etcd/raft's
/// interaction tests): nodes over in-memory storage, a network queue the script delivers or drops
/// explicitly, and cut links. Nothing happens unless a step asks for it, so every message, state
/// change and persisted entry shows in the expected output. Commands:
/// <c>add-nodes n=3 [pre-vote=true] [check-quorum=true] [election=10]</c>,
/// <c>campaign id=N</c>, <c>tick id=N [n=K]</c>, <c>propose id=N data=X</c>,
/// <c>transfer-leader from=N to=M</c>, <c>process-ready [ids=1,2]</c>,
/// <c>deliver-msgs [to=N] [drop=true]</c>, <c>stabilize</c>, <c>partition ids=1,2</c> (cut those
/// nodes off from the rest), <c>heal</c>, <c>restart id=N</c> (a new node over the persisted
/// storage; unpersisted state is lost), <c>status</c>, <c>log id=N</c>.
/// </summary>
internal sealed class InteractionEnv
{
    private readonly SortedDictionary<ulong, Node> _nodes = [];
    private readonly List<Message> _network = [];
    private readonly HashSet<ulong> _isolated = [];

    private sealed class Node(RaftConfig config, MemoryRaftStorage storage)
    {
        public RaftConfig Config { get; } = config;
        public MemoryRaftStorage Storage { get; } = storage;
        public RawNode Raw { get; set; } = new(config, storage);
    }

    public IEnumerable<string> Handle(GoldenFile.Case c)
    {
        var o = new List<string>();
        switch (c.Command)
        {
            case "add-nodes": AddNodes(c, o); break;
            case "campaign": Get(c, "id").Raw.Campaign(); Status(o, Id(c, "id")); break;
            case "tick":
                {
                    var n = c.Args.TryGetValue("n", out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : 1;
                    var node = Get(c, "id");
                    for (var i = 0; i < n; i++) node.Raw.Tick();
                    Status(o, Id(c, "id"));
                    break;
                }
            case "propose": o.Add(Get(c, "id").Raw.Propose(Encoding.UTF8.GetBytes(c.Args["data"])) ? "ok" : "dropped"); break;
            case "transfer-leader": Get(c, "from").Raw.TransferLeader(Id(c, "to")); Status(o, Id(c, "from")); break;
            case "process-ready": foreach (var id in Ids(c)) ProcessReady(id, o); break;
            case "deliver-msgs": Deliver(c.Args.TryGetValue("to", out var to) ? ulong.Parse(to, CultureInfo.InvariantCulture) : null, c.Args.GetValueOrDefault("drop") == "true", o); break;
            case "stabilize": Stabilize(o); break;
            case "partition":
                _isolated.Clear();
                foreach (var id in Ids(c)) _isolated.Add(id);
                o.Add($"isolated {string.Join(",", _isolated.Order())} from the rest");
                break;
            case "heal": _isolated.Clear(); o.Add("healed"); break;
            case "restart":
                {
                    var node = Get(c, "id");
                    node.Raw = new RawNode(node.Config, node.Storage);
                    Status(o, Id(c, "id"));
                    break;
                }
            case "status": foreach (var id in _nodes.Keys) Status(o, id); break;
            case "log":
                {
                    var s = Get(c, "id").Storage;
                    var entries = s.LastIndex >= s.FirstIndex ? s.Entries(s.FirstIndex, s.LastIndex + 1, ulong.MaxValue) : [];
                    if (entries.Count == 0) o.Add("(empty)");
                    foreach (var e in entries) o.Add(Format(e));
                    break;
                }
            default: throw new InvalidDataException($"unknown command '{c.Command}'");
        }
        return o.Count == 0 ? ["ok"] : o;
    }

    private void AddNodes(GoldenFile.Case c, List<string> o)
    {
        var n = ulong.Parse(c.Args["n"], CultureInfo.InvariantCulture);
        bool Flag(string name) => !c.Args.TryGetValue(name, out var v) || v == "true";
        var voters = Enumerable.Range(1, (int)n).Select(i => (ulong)i).ToArray();
        foreach (var id in voters)
        {
            var config = new RaftConfig
            {
                Id = id,
                ElectionTick = c.Args.TryGetValue("election", out var e) ? int.Parse(e, CultureInfo.InvariantCulture) : 10,
                HeartbeatTick = 1,
                PreVote = Flag("pre-vote"),
                CheckQuorum = Flag("check-quorum"),
                Random = new Random((int)id), // the randomized election timeout, the same on every run
            };
            _nodes[id] = new Node(config, new MemoryRaftStorage(voters, null, bootstrap: false));
            Status(o, id);
        }
    }

    private void Stabilize(List<string> o)
    {
        for (var round = 0; round < 100; round++)
        {
            var any = false;
            foreach (var id in _nodes.Keys)
                if (_nodes[id].Raw.HasReady)
                {
                    ProcessReady(id, o);
                    any = true;
                }
            if (_network.Count > 0)
            {
                Deliver(null, false, o);
                any = true;
            }
            if (!any) return;
        }
        throw new InvalidOperationException("stabilize did not settle within 100 rounds");
    }

    private void ProcessReady(ulong id, List<string> o)
    {
        var raw = _nodes[id].Raw;
        if (!raw.HasReady) return;
        var storage = _nodes[id].Storage;
        var rd = raw.Ready();
        o.Add($"> {id} handling Ready");
        if (rd.SoftState is { } soft) o.Add($"  Lead:{soft.LeaderId} State:{soft.Role}");
        if (rd.HardState is { } hard) o.Add($"  HardState Term:{hard.Term} Vote:{hard.Vote} Commit:{hard.Commit}");
        // Persist before sending: the messages may promise what the entries and hard state say.
        if (rd.Snapshot is not null) storage.ApplySnapshot(rd.Snapshot);
        if (rd.Entries.Count > 0)
        {
            o.Add("  Entries:");
            foreach (var e in rd.Entries) o.Add("  " + Format(e));
            storage.Append(rd.Entries);
        }
        if (rd.HardState is not null) storage.SetHardState(rd.HardState);
        if (rd.CommittedEntries.Count > 0)
        {
            o.Add("  CommittedEntries:");
            foreach (var e in rd.CommittedEntries) o.Add("  " + Format(e));
        }
        if (rd.Messages.Count > 0)
        {
            o.Add("  Messages:");
            foreach (var m in rd.Messages) o.Add("  " + Format(m));
            _network.AddRange(rd.Messages);
        }
        raw.Advance(rd);
    }

    private void Deliver(ulong? to, bool drop, List<string> o)
    {
        var batch = _network.Where(m => to is null || m.To == to).ToList();
        _network.RemoveAll(m => to is null || m.To == to);
        foreach (var m in batch)
        {
            if (drop || !_nodes.ContainsKey(m.To) || _isolated.Contains(m.From) != _isolated.Contains(m.To))
            {
                o.Add("dropped: " + Format(m));
                continue;
            }
            o.Add(Format(m));
            _nodes[m.To].Raw.Step(m);
        }
    }

    private void Status(List<string> o, ulong id)
    {
        var r = _nodes[id].Raw.Raft;
        var line = $"{id}: {r.Role} term={r.Term} vote={r.Vote} lead={r.Leader} commit={r.RaftLog.Committed} last={r.RaftLog.LastIndex}/{r.RaftLog.LastTerm}";
        if (r.Role == StateRole.Leader)
            line += " progress=[" + string.Join(" ", r.Progress.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value.State} match={p.Value.Match} next={p.Value.Next}")) + "]";
        o.Add(line);
    }

    private Node Get(GoldenFile.Case c, string arg) => _nodes.TryGetValue(Id(c, arg), out var n) ? n : throw new InvalidDataException($"no node {c.Args[arg]} (add-nodes first)");

    private static ulong Id(GoldenFile.Case c, string arg) =>
        c.Args.TryGetValue(arg, out var v) ? ulong.Parse(v, CultureInfo.InvariantCulture) : throw new InvalidDataException($"'{c.Command}' needs {arg}=N");

    private IEnumerable<ulong> Ids(GoldenFile.Case c) =>
        c.Args.TryGetValue("ids", out var v) ? v.Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToList() : _nodes.Keys.ToList();

    private static string Format(Entry e) => $"{e.Term}/{e.Index} {e.EntryType} \"{e.Data.ToStringUtf8()}\"";

    private static string Format(Message m)
    {
        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{m.From}->{m.To} {m.MsgType} Term:{m.Term}");
        if (m.MsgType is MessageType.MsgAppend or MessageType.MsgRequestVote or MessageType.MsgRequestPreVote or MessageType.MsgAppendResponse)
            sb.Append(CultureInfo.InvariantCulture, $" Log:{m.LogTerm}/{m.Index}");
        if (m.Commit > 0) sb.Append(CultureInfo.InvariantCulture, $" Commit:{m.Commit}");
        if (m.Reject) sb.Append(CultureInfo.InvariantCulture, $" Rejected (Hint: {m.RejectHint})");
        if (m.Entries.Count > 0) sb.Append(" Entries:[").AppendJoin(", ", m.Entries.Select(Format)).Append(']');
        return sb.ToString();
    }
}
