using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Workbench.Cluster.Client;
using Workbench.Cluster.Store;
using Workbench.Cluster.Topology;
using Workbench.Jepsen.History;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Registers;
using Workbench.Jepsen.Runs;
using Workbench.Storage.Registry;

namespace Workbench.Jepsen.Simulated;

/// <summary>
/// Raw-layer workloads (register, set) on the <c>simulated</c> topology: five stores, PD and the
/// clients on one thread in virtual time, every random choice from the seed — so a seed replays
/// the whole run, faults and history included. Clients are async loops (RawClient over the
/// simulated RPC); the nemesis acts between slices of virtual time. Registers: read and write
/// only (the raw layer has no compare-and-set). Not thread-safe; one run per instance.
/// </summary>
internal sealed class SimulatedRawRun
{
    public const int Nodes = 5;
    private const int ValuePad = 200;

    private readonly JepsenOptions _o;
    private readonly Random _rng;
    private readonly List<string> _notes = [];

    public SimulatedRawRun(JepsenOptions options)
    {
        _o = options;
        _rng = new Random(options.Seed);
    }

    public IReadOnlyList<string> Notes => _notes;

    /// <summary>Set when the cluster threw (an invariant it checks broke): what, when, at which seed.</summary>
    public string? Failure { get; private set; }

    public static readonly NemesisKind[] Supported =
    [
        NemesisKind.Partition, NemesisKind.PartitionOne, NemesisKind.PartitionHalves, NemesisKind.PartitionRing,
        NemesisKind.Kill, NemesisKind.KillPd, NemesisKind.Loss, NemesisKind.Delay, NemesisKind.Leader, NemesisKind.Split,
    ];

    public List<HistoryEvent> Run()
    {
        var engine = _o.Engine.Name == "memory" && _o.Engine.Options is null
            ? new EngineConfig("memory", new Dictionary<string, string> { ["durable"] = "true" })
            : _o.Engine;
        using var c = new SimulatedCluster(new SimulatedClusterOptions
        {
            Seed = _o.Seed,
            Nodes = Nodes,
            Registry = _o.Registry,
            EngineFor = _ => engine,
            // Small regions so splits happen during a short run (as the cluster chaos tests do).
            StoreOptions = id => new StoreOptions { StoreId = id, SplitSizeBytes = 4 << 10, SplitCheckTicks = 3, RegionHeartbeatTicks = 5, StoreHeartbeatTicks = 5, RequestTimeoutTicks = 60, LogGcCountLimit = 50, LogGcKeep = 10 },
        });
        var recorder = new HistoryRecorder(() => c.Now * 1_000_000);
        var start = c.Now;
        try
        {
            var end = start + (long)(_o.TimeSeconds * 1000);
            var ids = c.StoreIds.ToArray();
            var ops = new OpCounter();
            var keys = new RegisterKeys();

            var clients = new List<Task>();
            for (var p = 0; p < _o.Clients; p++)
            {
                var raw = c.NewRawClient(maxBackoffMs: 5_000);
                var rng = new Random(_rng.Next());
                clients.Add(_o.Workload == "register" ? RegisterClient(c, recorder, p, raw, rng, end, ops, keys) : SetClient(c, recorder, p, raw, rng, end, ops));
            }

            NemesisKind? active = null;
            var fillers = new List<Task>();
            var next = start + _o.NemesisIntervalMs;
            var startNext = true;
            while (c.Now < end)
            {
                c.RunFor(Math.Max(1, Math.Min(next, end) - c.Now));
                if (c.Now < next || _o.Nemeses.Count == 0) continue;
                next += _o.NemesisIntervalMs;
                if (startNext)
                {
                    var kind = _o.Nemeses[_rng.Next(_o.Nemeses.Count)];
                    active = kind;
                    Nemesis(recorder, "start", kind, () => Start(c, kind, ids, fillers));
                }
                else if (active is not null)
                {
                    var kind = active.Value;
                    Nemesis(recorder, "stop", kind, () => Stop(c, kind, ids));
                    active = null;
                }
                startNext = !startNext;
            }
            // Heal everything, let the clients finish their last operation, then read.
            recorder.Invoke(HistoryEvent.NemesisProcess, "heal", null);
            HealAll(c, ids);
            recorder.Complete(HistoryEventType.Info, HistoryEvent.NemesisProcess, "heal", JsonValue.Create("network healed, all stores and PD up"));
            if (!c.RunUntil(() => clients.All(t => t.IsCompleted) && fillers.All(t => t.IsCompleted), 120_000))
                throw new InvalidOperationException($"clients still running 120 s of virtual time after healing (seed {_o.Seed})");
            foreach (var t in clients) t.GetAwaiter().GetResult();
            if (_o.Workload == "set") FinalSetRead(c, recorder);
        }
        catch (Exception e) when (e is not JepsenConfigException)
        {
            // The stack broke an invariant (it throws rather than continue unsafely): that is a
            // finding, reported with the seed and each store's view; the history so far is kept.
            Failure = $"the cluster failed at virtual {c.Now - start} ms (seed {_o.Seed}): {e.GetType().Name}: {e.Message}";
            _notes.Add(Failure);
            foreach (var id in c.StoreIds)
            {
                var st = c.Store(id);
                _notes.Add(st is null ? $"store {id}: down" : $"store {id}: " + string.Join(", ", st.PeerStates().Select(x => $"region {x.Region.Id} peer {x.PeerId} {(x.IsLeader ? "leader" : "follower")} term {x.Term} applied {x.Applied} epoch {x.Region.RegionEpoch.ConfVer}/{x.Region.RegionEpoch.Version}")));
            }
            return [.. recorder.Events];
        }
        _notes.Add($"simulated: {Nodes} stores, {c.Pd.AllRegions().Count} regions at the end, {c.Net.Sent} Raft messages ({c.Net.Dropped} dropped), virtual {((c.Now - start) / 1000.0).ToString("0.0", CultureInfo.InvariantCulture)} s");
        return [.. recorder.Events];
    }

    private sealed class OpCounter
    {
        public long Value;
    }

    private static byte[] Pad(string v) => Encoding.UTF8.GetBytes(v.PadRight(ValuePad, '.'));

    private static string Unpad(byte[] b) => Encoding.UTF8.GetString(b).TrimEnd('.');

    private async Task RegisterClient(SimulatedCluster c, HistoryRecorder h, int process, RawClient raw, Random rng, long end, OpCounter counter, RegisterKeys keys)
    {
        while (c.Now < end)
        {
            // Independent keys (Jepsen's independent checker): RegisterKeys moves the clients on so
            // each Porcupine partition stays small.
            counter.Value++;
            var keyIndex = keys.Next();
            var key = "r/" + keyIndex.ToString("D6", CultureInfo.InvariantCulture);
            var keyBytes = Encoding.UTF8.GetBytes(key);
            if (rng.Next(2) == 0)
            {
                h.Invoke(process, "read", new JsonObject { ["key"] = key, ["value"] = null });
                try
                {
                    var v = await raw.GetAsync(keyBytes).ConfigureAwait(false);
                    h.Complete(HistoryEventType.Ok, process, "read", new JsonObject { ["key"] = key, ["value"] = v is null ? null : Unpad(v) });
                }
                catch (Exception e) when (e is ClusterException or TimeoutException)
                {
                    h.Complete(HistoryEventType.Fail, process, "read", new JsonObject { ["key"] = key }, e.Message);
                }
            }
            else
            {
                var value = rng.Next(1, 6).ToString(CultureInfo.InvariantCulture);
                h.Invoke(process, "write", new JsonObject { ["key"] = key, ["value"] = value });
                try
                {
                    await raw.PutAsync(keyBytes, Pad(value)).ConfigureAwait(false);
                    h.Complete(HistoryEventType.Ok, process, "write", new JsonObject { ["key"] = key, ["value"] = value });
                }
                catch (ClusterException e)
                {
                    // Undetermined: it may have been applied. Otherwise it never was proposed.
                    h.Complete(e.Undetermined ? HistoryEventType.Info : HistoryEventType.Fail, process, "write", new JsonObject { ["key"] = key, ["value"] = value }, e.Message);
                    if (e.Undetermined)
                    {
                        process += _o.Clients;
                        keys.Unknown(keyIndex);
                    }
                }
            }
            await c.Clock.Delay(1 + rng.Next(20)).ConfigureAwait(false);
        }
    }

    private async Task SetClient(SimulatedCluster c, HistoryRecorder h, int process, RawClient raw, Random rng, long end, OpCounter counter)
    {
        while (c.Now < end)
        {
            var e = counter.Value++;
            h.Invoke(process, "add", JsonValue.Create(e));
            try
            {
                await raw.PutAsync(SetKey(e), Pad("1")).ConfigureAwait(false);
                h.Complete(HistoryEventType.Ok, process, "add", JsonValue.Create(e));
            }
            catch (ClusterException x)
            {
                h.Complete(x.Undetermined ? HistoryEventType.Info : HistoryEventType.Fail, process, "add", JsonValue.Create(e), x.Message);
                if (x.Undetermined) process += _o.Clients;
            }
            await c.Clock.Delay(1 + rng.Next(20)).ConfigureAwait(false);
        }
    }

    private static byte[] SetKey(long e) => Encoding.UTF8.GetBytes("s/" + e.ToString("D8", CultureInfo.InvariantCulture));

    private void FinalSetRead(SimulatedCluster c, HistoryRecorder h)
    {
        var process = 10_000;
        var raw = c.NewRawClient(maxBackoffMs: 20_000);
        for (var attempt = 0; attempt < 5; attempt++, process++)
        {
            h.Invoke(process, "read", null);
            try
            {
                var pairs = c.Await(raw.ScanAsync(Encoding.UTF8.GetBytes("s/"), Encoding.UTF8.GetBytes("s0"), int.MaxValue), 120_000);
                var arr = new JsonArray();
                foreach (var p in pairs) arr.Add(long.Parse(Encoding.UTF8.GetString(p.Key.Span)[2..], CultureInfo.InvariantCulture));
                h.Complete(HistoryEventType.Ok, process, "read", arr);
                return;
            }
            catch (Exception e) when (e is ClusterException or TimeoutException)
            {
                h.Complete(HistoryEventType.Fail, process, "read", null, e.Message);
            }
        }
    }

    private static void Nemesis(HistoryRecorder h, string phase, NemesisKind kind, Func<string> act)
    {
        var f = phase + "-" + NemesisNames.Name(kind);
        h.Invoke(HistoryEvent.NemesisProcess, f, null);
        h.Complete(HistoryEventType.Info, HistoryEvent.NemesisProcess, f, JsonValue.Create(act()));
    }

    private string Start(SimulatedCluster c, NemesisKind kind, ulong[] ids, List<Task> fillers)
    {
        if (kind == NemesisKind.Partition) kind = (NemesisKind)((int)NemesisKind.PartitionOne + _rng.Next(3));
        switch (kind)
        {
            case NemesisKind.PartitionOne:
            {
                var id = ids[_rng.Next(ids.Length)];
                c.Net.Heal();
                c.Net.Isolate(id, ids);
                return $"isolated store {id}";
            }
            case NemesisKind.PartitionHalves:
            {
                var shuffled = Shuffle(ids);
                var half = shuffled.Length / 2;
                c.Net.Heal();
                c.Net.Partition(shuffled[..half], shuffled[half..]);
                return $"partitioned [{string.Join(",", shuffled[..half])}] from [{string.Join(",", shuffled[half..])}]";
            }
            case NemesisKind.PartitionRing:
            {
                // Each store hears only its two neighbours in a random ring: every store sees a
                // majority (itself + 2 of 5), but no two majorities are the same (Jepsen's majorities-ring).
                var ring = Shuffle(ids);
                c.Net.Heal();
                for (var i = 0; i < ring.Length; i++)
                    for (var j = 0; j < ring.Length; j++)
                    {
                        var d = Math.Abs(i - j);
                        if (i != j && d != 1 && d != ring.Length - 1) c.Net.Cut(ring[i], ring[j]);
                    }
                return $"ring {string.Join("-", ring)}";
            }
            case NemesisKind.Kill:
            {
                var up = ids.Where(c.IsUp).ToArray();
                if (up.Length <= ids.Length / 2 + 1) return "no store killed (keeping a majority up)";
                var id = up[_rng.Next(up.Length)];
                c.Crash(id);
                return $"killed store {id}";
            }
            case NemesisKind.KillPd:
            {
                var down = 500 + _rng.Next(2500);
                c.RestartPd(down);
                return $"killed PD; back after {down} ms";
            }
            case NemesisKind.Loss:
            {
                c.Net.DropRate = 0.05 + _rng.Next(4) * 0.05;
                return $"dropping {c.Net.DropRate.ToString("0.00", CultureInfo.InvariantCulture)} of Raft messages";
            }
            case NemesisKind.Delay:
            {
                c.Net.MaxDelayMs = 20 + _rng.Next(80);
                return $"Raft messages delayed 1–{c.Net.MaxDelayMs} ms";
            }
            case NemesisKind.Leader:
            {
                var moved = 0;
                foreach (var (region, _) in c.Pd.AllRegions())
                {
                    var leader = ids.FirstOrDefault(id => c.Store(id)?.IsLeaderOf(region.Id) == true);
                    if (leader == 0) continue;
                    var to = region.Peers[_rng.Next(region.Peers.Count)];
                    c.LiveStore(leader).TransferLeader(region.Id, to.Id);
                    moved++;
                }
                return $"leader transfer asked for {moved} regions";
            }
            case NemesisKind.Split:
            {
                var before = c.Pd.AllRegions().Count;
                var raw = c.NewRawClient(maxBackoffMs: 5_000);
                fillers.Add(Fill(c, raw, new Random(_rng.Next())));
                return $"writing 32 filler values of 1 KiB ({before} regions now)";
            }
            default:
                throw new JepsenConfigException($"nemesis '{NemesisNames.Name(kind)}' is not available on the simulated raw target");
        }
    }

    private static async Task Fill(SimulatedCluster c, RawClient raw, Random rng)
    {
        for (var i = 0; i < 32; i++)
        {
            var key = Encoding.UTF8.GetBytes("f/" + rng.Next(1_000_000).ToString("D6", CultureInfo.InvariantCulture));
            try
            {
                await raw.PutAsync(key, new byte[1024]).ConfigureAwait(false);
            }
            catch (ClusterException)
            {
                // filler only: its fate is not checked
            }
        }
        _ = c;
    }

    private string Stop(SimulatedCluster c, NemesisKind kind, ulong[] ids)
    {
        switch (kind)
        {
            case NemesisKind.Partition or NemesisKind.PartitionOne or NemesisKind.PartitionHalves or NemesisKind.PartitionRing:
                c.Net.Heal();
                return "network healed";
            case NemesisKind.Kill:
                foreach (var id in ids) c.Restart(id);
                return "all stores restarted";
            case NemesisKind.Loss:
                c.Net.DropRate = 0;
                return "no more drops";
            case NemesisKind.Delay:
                c.Net.MaxDelayMs = 3;
                return "delays back to 1–3 ms";
            default:
                return $"{c.Pd.AllRegions().Count} regions";
        }
    }

    private static void HealAll(SimulatedCluster c, ulong[] ids)
    {
        c.Net.Heal();
        c.Net.DropRate = 0;
        c.Net.MaxDelayMs = 3;
        foreach (var id in ids) c.Restart(id);
        c.RunUntil(() => c.PdUp, 10_000);
    }

    private ulong[] Shuffle(ulong[] ids)
    {
        var a = (ulong[])ids.Clone();
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = _rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
        return a;
    }
}
