using Workbench.Txn.Client;
using Workbench.Txn.Errors;
using Xunit.Abstractions;
using static Workbench.Txn.Tests.TxnHarness;

namespace Workbench.Txn.Tests;

/// <summary>
/// The client against an in-memory snapshot-isolation model: several transactions open at once,
/// interleaved by a seeded scheduler on one thread. Every read must equal the model's snapshot
/// read (own writes first), every commit outcome must equal first-committer-wins, and a commit_ts
/// must exceed every timestamp already used to read the keys it writes.
/// </summary>
public class ModelBasedClientTests(ITestOutputHelper output)
{
    [Fact]
    public void Client_matches_the_snapshot_isolation_model_on_memory() => Run("memory", 3000, 11);

    internal static void RunOn(string engine, int steps, int seed, ITestOutputHelper? output) => new ModelBasedClientTests(output!).Run(engine, steps, seed);

    private sealed class OpenTxn(Transaction t, int batchBytes)
    {
        public Transaction T { get; } = t;
        public int BatchBytes { get; } = batchBytes;
        public Dictionary<string, string?> Writes { get; } = [];
        public HashSet<string> Inserts { get; } = [];
        public HashSet<string> Locked { get; } = [];
    }

    private void Run(string engine, int steps, int fallbackSeed)
    {
        var seed = Seed(fallbackSeed, output);
        var rng = new Random(seed);
        using var h = new TxnHarness(engine);
        TxnClient[] clients =
        [
            h.Client(Sync(false, false)),
            h.Client(Sync(true, false)),
            h.Client(Sync(true, true)),
            h.Client(Sync(true, false, batchBytes: 8)),
        ];
        // Committed versions, and rollback / lock records (invisible to reads, but a newer one is a write conflict, as in TiKV).
        var versions = new Dictionary<string, List<(ulong Ts, string? Value, bool Rollback)>>();
        var maxReadTs = new Dictionary<string, ulong>();
        var open = new List<OpenTxn>();
        string Key() => "k" + rng.Next(0, 8);
        string? ModelRead(string k, ulong ts)
        {
            if (!versions.TryGetValue(k, out var list)) return null;
            string? v = null;
            foreach (var (vts, value, rollback) in list) if (vts <= ts && !rollback) v = value;
            return v;
        }
        var next = 0;
        int commits = 0, conflicts = 0, exists = 0;
        for (var step = 0; step < steps; step++)
        {
            var choice = rng.Next(0, 100);
            if (open.Count == 0 || (choice < 15 && open.Count < 4))
            {
                var client = clients[rng.Next(clients.Length)];
                open.Add(new OpenTxn(client.Begin(), client.Options.BatchBytes));
                continue;
            }
            var o = open[rng.Next(open.Count)];
            var k = Key();
            if (choice < 45)
            {
                var expected = o.Writes.TryGetValue(k, out var own) ? own : ModelRead(k, o.T.StartTs);
                var got = S(o.T.Get(B(k)));
                Assert.True(expected == got, $"seed {seed} step {step}: txn {o.T.StartTs} read {k} = {got ?? "null"}, model says {expected ?? "null"}");
                if (!o.Writes.ContainsKey(k)) maxReadTs[k] = Math.Max(maxReadTs.GetValueOrDefault(k), o.T.StartTs);
            }
            else if (choice < 65)
            {
                var v = "v" + next++;
                o.T.Set(B(k), B(v));
                o.Writes[k] = v;
            }
            else if (choice < 70)
            {
                o.T.Delete(B(k));
                o.Writes[k] = null;
                o.Inserts.Remove(k);
            }
            else if (choice < 74)
            {
                var v = "v" + next++;
                o.T.Insert(B(k), B(v));
                o.Writes[k] = v;
                o.Inserts.Add(k);
            }
            else if (choice < 76)
            {
                o.T.LockKey(B(k));
                o.Locked.Add(k);
            }
            else if (choice < 95)
            {
                open.Remove(o);
                var keys = new SortedSet<string>(o.Writes.Keys, StringComparer.Ordinal);
                keys.UnionWith(o.Locked);
                string? expectedError = null;
                // The client's batches: a failure rolls back the batches before the failing one.
                var batchOf = new Dictionary<string, int>();
                int batch = 0, inBatch = 0, batchBytes = 0;
                foreach (var key in keys)
                {
                    var size = key.Length + (o.Writes.TryGetValue(key, out var wv) && wv is not null ? wv.Length : 0);
                    if (inBatch > 0 && batchBytes + size > o.BatchBytes) { batch++; inBatch = 0; batchBytes = 0; }
                    inBatch++;
                    batchBytes += size;
                    batchOf[key] = batch;
                }
                var failedBatch = -1;
                foreach (var key in keys)
                {
                    if (versions.TryGetValue(key, out var list) && list.Exists(e => e.Ts > o.T.StartTs)) { expectedError = "conflict"; failedBatch = batchOf[key]; break; }
                    if (o.Inserts.Contains(key) && ModelRead(key, ulong.MaxValue) is not null) { expectedError = "exists"; failedBatch = batchOf[key]; break; }
                }
                string? actualError = null;
                var detail = "";
                try
                {
                    o.T.Commit();
                }
                catch (WriteConflictException e)
                {
                    actualError = "conflict";
                    detail = $" (conflict on {S(e.Key)} with txn {e.ConflictStartTs} at {e.ConflictCommitTs}; model versions: "
                        + string.Join(",", versions.GetValueOrDefault(S(e.Key)!)?.Select(v => $"{v.Ts}{(v.Rollback ? "R" : "")}") ?? []) + ")";
                }
                catch (AlreadyExistException) { actualError = "exists"; }
                Assert.True(expectedError == actualError, $"seed {seed} step {step}: commit of txn {o.T.StartTs} gave {actualError ?? "success"}, model says {expectedError ?? "success"}{detail}");
                if (actualError is not null)
                    foreach (var key in keys)
                        if (batchOf[key] < failedBatch)
                        {
                            if (!versions.TryGetValue(key, out var list)) versions[key] = list = [];
                            list.Add((o.T.StartTs, null, true));
                            list.Sort((a, b) => a.Ts.CompareTo(b.Ts));
                        }
                if (actualError == "conflict") conflicts++;
                if (actualError == "exists") exists++;
                if (actualError is null)
                    foreach (var key in o.Locked)
                        if (!o.Writes.ContainsKey(key))
                        {
                            // A Lock-type write record: invisible to reads, but a conflict for older writers.
                            if (!versions.TryGetValue(key, out var list)) versions[key] = list = [];
                            list.Add((o.T.CommitTs, null, true));
                            list.Sort((a, b) => a.Ts.CompareTo(b.Ts));
                        }
                if (actualError is null && o.Writes.Count > 0)
                {
                    commits++;
                    foreach (var (key, value) in o.Writes)
                    {
                        Assert.True(o.T.CommitTs > maxReadTs.GetValueOrDefault(key), $"seed {seed} step {step}: commit_ts {o.T.CommitTs} not above a read of {key} at {maxReadTs.GetValueOrDefault(key)}");
                        if (!versions.TryGetValue(key, out var list)) versions[key] = list = [];
                        list.Add((o.T.CommitTs, value, false));
                        list.Sort((a, b) => a.Ts.CompareTo(b.Ts));
                    }
                }
            }
            else
            {
                open.Remove(o);
                o.T.Rollback();
            }
        }
        foreach (var o in open) o.T.Rollback();
        foreach (var c in clients) c.Dispose();
        output?.WriteLine($"{engine}: {commits} commits, {conflicts} conflicts, {exists} already-exist");
        Assert.True(commits > 0 && conflicts > 0);
    }
}
