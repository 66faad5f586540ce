using Workbench.Cluster.Client;
using Workbench.Cluster.Tests.Infrastructure;
using Workbench.Cluster.Txn;
using Workbench.Txn.Actions.Requests;
using Workbench.Txn.Client;
using Workbench.Txn.Errors;
using Xunit.Abstractions;
using static Workbench.Cluster.Tests.Txn.TxnClusterFixture;

namespace Workbench.Cluster.Tests.Txn;

/// <summary>Percolator over the replicated cluster: the Kv* service on region leaders and the txn client routing by region.</summary>
public sealed class ClusterTxnTests(ITestOutputHelper output)
{
    [Fact]
    public void Conflicts_are_detected_and_committed_data_is_on_every_replica()
    {
        using var f = new TxnClusterFixture();
        var client = f.NewClient();
        using (var t = client.Begin())
        {
            t.Set(K("a"), K("1"));
            t.Set(K("b"), K("2"));
            t.Commit();
            Assert.Equal("1pc", t.CommitMode); // one region: 1PC
        }
        // Write-write conflict: t1 and t2 overlap on "a"; t2 read "a" before t1 committed (so t1's
        // commit_ts lands above t2's start_ts), and the second to prewrite loses.
        var t1 = client.Begin();
        var t2 = client.Begin();
        Assert.Equal("1", S(t2.Get(K("a"))));
        t1.Set(K("a"), K("t1"));
        t2.Set(K("a"), K("t2"));
        t1.Commit();
        Assert.Throws<WriteConflictException>(() => t2.Commit());
        // Snapshot isolation: a transaction started before t1's commit still reads the old value.
        using (var r = client.Begin()) Assert.Equal("t1", S(r.Get(K("a"))));
        // Insert of an existing key.
        var t3 = client.Begin();
        t3.Insert(K("b"), K("x"));
        Assert.Throws<AlreadyExistException>(() => t3.Commit());
        // 2PC (1PC and async commit off) works the same.
        var twoPc = f.NewClient(new TxnClientOptions { OnePc = false, AsyncCommit = false, SecondariesInBackground = false }, seed: 2);
        using (var t = twoPc.Begin())
        {
            t.Set(K("c"), K("3"));
            t.Delete(K("b"));
            t.Commit();
            Assert.Equal("2pc", t.CommitMode);
        }
        using (var r = client.Begin())
        {
            Assert.Equal("3", S(r.Get(K("c"))));
            Assert.Null(r.Get(K("b")));
        }
        // Every replica applied the write-CF records; the txn bytes were counted by the leaders' stores.
        foreach (var loop in f.Cluster.Stores.Values)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            int n;
            while ((n = Q(loop, s => s.Regions().Sum(r => s.DumpRegion(r.Id, "write").Count))) < 5 && DateTime.UtcNow < deadline) Thread.Sleep(10);
            Assert.True(n >= 5, $"store {loop.Store.StoreId}: {n} write records");
            Assert.Null(loop.Failure);
        }
        Assert.True(Workbench.Cluster.Topology.ClusterTxn.Stats(f.Cluster).Sum(s => s.TotalBytes) > 0);
    }

    [Fact]
    public void A_transaction_spans_regions_after_a_split_and_1pc_is_only_used_inside_one_region()
    {
        using var f = new TxnClusterFixture("16KiB");
        var client = f.NewClient();
        f.SplitInto(3, client);
        var regions = f.Cluster.Pd.AllRegions().Select(r => r.Region).OrderBy(r => r.StartKey.ToBase64()).ToList();
        // Keys in the first and the last region.
        var first = "fill000000";
        var last = "zzz";
        Assert.Equal(2, f.RegionsOf(first, last).Count);
        Assert.False(client.Kv.CanCommitInOnePhase([K(first), K(last)]));
        Assert.True(client.Kv.CanCommitInOnePhase([K(last), K("zzz2")]));
        using (var t = client.Begin())
        {
            t.Set(K(first), K("A"));
            t.Set(K(last), K("Z"));
            t.Commit();
            Assert.Equal("async", t.CommitMode);
        }
        using (var t = client.Begin())
        {
            t.Set(K("zzz1"), K("1"));
            t.Set(K("zzz2"), K("2"));
            t.Commit();
            Assert.Equal("1pc", t.CommitMode);
        }
        var twoPc = f.NewClient(new TxnClientOptions { OnePc = false, AsyncCommit = false, SecondariesInBackground = false }, seed: 3);
        using (var t = twoPc.Begin())
        {
            t.Set(K(first), K("A2"));
            t.Set(K(last), K("Z2"));
            t.Commit();
        }
        using (var r = client.Begin())
        {
            Assert.Equal("A2", S(r.Get(K(first))));
            Assert.Equal("Z2", S(r.Get(K(last))));
            // A scan across every region sees every committed key once, in order.
            var all = r.Scan(K(""), null, 100_000);
            var keys = all.Select(p => S(p.Key)).ToList();
            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal).ToList(), keys);
            Assert.Equal(keys.Distinct().Count(), keys.Count);
            Assert.Contains("zzz2", keys);
            Assert.Contains(first, keys);
            var batch = r.BatchGet([K(first), K(last), K("zzz1"), K("nope")]);
            Assert.Equal(3, batch.Count);
        }
        Assert.True(regions.Count >= 3);
    }

    [Fact]
    public void A_leader_change_during_a_transaction_does_not_lose_it()
    {
        using var f = new TxnClusterFixture();
        var client = f.NewClient();
        using (var t = client.Begin())
        {
            t.Set(K("x"), K("0"));
            t.Commit();
        }
        var t1 = client.Begin();
        Assert.Equal("0", S(t1.Get(K("x"))));
        t1.Set(K("x"), K("1"));
        t1.Set(K("y"), K("1"));
        // Move the leader of the region to another store before the commit.
        var (region, leader) = f.Cluster.Pd.GetRegion(Workbench.Txn.Mvcc.MvccKey.Encode(K("x")))!.Value;
        var leaderStore = f.Cluster.Stores.First(kv => Q(kv.Value, s => s.IsLeaderOf(region.Id))).Key;
        var target = region.Peers.First(p => p.StoreId != leaderStore);
        Q(f.Cluster.Stores[leaderStore], s => { s.TransferLeader(region.Id, target.Id); return 0; });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!Q(f.Cluster.Stores[target.StoreId], s => s.IsLeaderOf(region.Id)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the leader did not move");
            Thread.Sleep(5);
        }
        _ = leader;
        t1.Commit(); // NotLeader from the old leader, retried at the new one; the new leader syncs max_ts from PD first
        Assert.NotEqual(0UL, t1.CommitTs);
        using var r = client.Begin();
        Assert.Equal("1", S(r.Get(K("x"))));
        Assert.Equal("1", S(r.Get(K("y"))));
        Assert.True(((ClusterTxnKvService)client.Kv).RegionErrors > 0);
    }

    [Fact]
    public void A_stale_region_cache_meets_epoch_not_match_and_not_leader_and_retries()
    {
        using var f = new TxnClusterFixture("16KiB");
        var stale = f.NewClient(seed: 5);
        using (var t = stale.Begin())
        {
            t.Set(K("stale-key"), K("v"));
            t.Commit();
        }
        Assert.Equal(1, ((ClusterTxnKvService)stale.Kv).Cache.Count);
        // Another client splits the cluster; the stale client's cache still holds the one big region.
        var writer = f.NewClient(seed: 6);
        f.SplitInto(3, writer);
        // Move a leader too, so NotLeader is met as well as EpochNotMatch.
        var (region, _) = f.Cluster.Pd.GetRegion(Workbench.Txn.Mvcc.MvccKey.Encode(K("stale-key")))!.Value;
        var leaderStore = f.Cluster.Stores.First(kv => Q(kv.Value, s => s.IsLeaderOf(region.Id))).Key;
        var target = region.Peers.First(p => p.StoreId != leaderStore);
        Q(f.Cluster.Stores[leaderStore], s => { s.TransferLeader(region.Id, target.Id); return 0; });
        using (var t = stale.Begin())
        {
            Assert.Equal("v", S(t.Get(K("stale-key"))));
            t.Set(K("stale-key"), K("w"));
            t.Set(K("zzz"), K("w"));
            t.Commit();
        }
        var kv = (ClusterTxnKvService)stale.Kv;
        Assert.True(kv.RegionErrors > 0, "the stale cache should have met a region error");
        Assert.True(kv.Cache.Count >= 2);
        using var r = writer.Begin();
        Assert.Equal("w", S(r.Get(K("stale-key"))));
        Assert.Equal("w", S(r.Get(K("zzz"))));
    }

    [Fact]
    public void Locks_of_a_crashed_client_are_resolved_across_regions()
    {
        using var f = new TxnClusterFixture("16KiB");
        var client = f.NewClient();
        f.SplitInto(3, client);
        var a = "fill000000";
        var z = "zzz";
        Assert.Equal(2, f.RegionsOf(a, z).Count);
        using (var t = client.Begin())
        {
            t.Set(K(a), K("old"));
            t.Set(K(z), K("old"));
            t.Commit();
        }
        var kv = client.Kv;
        // Crash 1: a 2PC transaction prewrote both regions (primary a) and died before committing.
        var ts1 = client.Tso.GetTimestamp();
        kv.Prewrite(new PrewriteRequest { Mutations = [Mutation.Put(K(a), K("lost")), Mutation.Put(K(z), K("lost"))], Primary = K(a), StartTs = ts1, LockTtl = 50, MinCommitTs = ts1 + 1 });
        WaitPastTtl(client, ts1, 50);
        // A reader waits out the TTL, finds the primary uncommitted, rolls both back, and reads the old values.
        using (var r = client.Begin())
        {
            Assert.Equal("old", S(r.Get(K(z))));
            Assert.Equal("old", S(r.Get(K(a))));
        }
        // Crash 2: an async-commit transaction wrote every lock (so it is committed) and died before telling anyone.
        var ts2 = client.Tso.GetTimestamp();
        var p1 = kv.Prewrite(new PrewriteRequest { Mutations = [Mutation.Put(K(a), K("new"))], Primary = K(a), StartTs = ts2, LockTtl = 50, MinCommitTs = ts2 + 1, UseAsyncCommit = true, Secondaries = [K(z)] });
        var p2 = kv.Prewrite(new PrewriteRequest { Mutations = [Mutation.Put(K(z), K("new"))], Primary = K(a), StartTs = ts2, LockTtl = 50, MinCommitTs = ts2 + 1, UseAsyncCommit = true });
        Assert.True(p1.MinCommitTs > ts2 && p2.MinCommitTs > ts2);
        WaitPastTtl(client, ts2, 50);
        using (var r = client.Begin())
        {
            Assert.Equal("new", S(r.Get(K(z))));
            Assert.Equal("new", S(r.Get(K(a))));
        }
        // Nothing is left locked in any region.
        foreach (var loop in f.Cluster.Stores.Values)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Q(loop, s => s.Regions().Sum(rg => s.DumpRegion(rg.Id, "lock").Count)) > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"store {loop.Store.StoreId} still holds locks");
                Thread.Sleep(10);
            }
        }
    }

    /// <summary>Waits until the TSO's physical time is past the lock's start + TTL (how the resolver decides expiry).</summary>
    private static void WaitPastTtl(TxnClient client, ulong startTs, long ttlMs)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (Workbench.Txn.Mvcc.TimeStamp.Physical(client.Tso.GetTimestamp()) < Workbench.Txn.Mvcc.TimeStamp.Physical(startTs) + ttlMs)
        {
            Assert.True(DateTime.UtcNow < deadline, "the TSO did not advance");
            Thread.Sleep(5);
        }
    }

    [Fact]
    public void The_bank_invariant_holds_under_concurrent_clients_across_regions()
    {
        var seed = TestSeed.Fixed(output, 20261207);
        using var f = new TxnClusterFixture("16KiB", seed);
        var setup = f.NewClient(seed: seed);
        f.SplitInto(3, setup, "bank-fill");
        const int accounts = 12, initial = 100;
        string Acct(int i) => i % 2 == 0 ? $"acct{i:D2}" : $"zacct{i:D2}"; // half in the first regions, half in the last
        using (var t = setup.Begin())
        {
            for (var i = 0; i < accounts; i++) t.Set(K(Acct(i)), K(initial.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            t.Commit();
        }
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(4);
        long committed = 0, conflicts = 0, badTotals = 0;
        var threads = new List<Thread>();
        Exception? failure = null;
        for (var w = 0; w < 4; w++)
        {
            var rnd = new Random(seed + w);
            var client = f.NewClient(seed: seed + 100 + w);
            threads.Add(new Thread(() =>
            {
                try
                {
                    while (DateTime.UtcNow < stop)
                    {
                        if (rnd.Next(4) == 0)
                        {
                            using var r = client.Begin();
                            var sum = r.BatchGet(Enumerable.Range(0, accounts).Select(i => K(Acct(i))).ToList()).Sum(p => int.Parse(S(p.Value), System.Globalization.CultureInfo.InvariantCulture));
                            if (sum != accounts * initial) Interlocked.Increment(ref badTotals);
                            continue;
                        }
                        int from = rnd.Next(accounts), to = rnd.Next(accounts);
                        if (from == to) continue;
                        var t = client.Begin();
                        try
                        {
                            var a = int.Parse(S(t.Get(K(Acct(from)))), System.Globalization.CultureInfo.InvariantCulture);
                            var b = int.Parse(S(t.Get(K(Acct(to)))), System.Globalization.CultureInfo.InvariantCulture);
                            var amount = rnd.Next(1, 10);
                            t.Set(K(Acct(from)), K((a - amount).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                            t.Set(K(Acct(to)), K((b + amount).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                            t.Commit();
                            Interlocked.Increment(ref committed);
                        }
                        catch (WriteConflictException)
                        {
                            Interlocked.Increment(ref conflicts);
                        }
                        finally
                        {
                            t.Dispose();
                        }
                    }
                }
                catch (Exception e)
                {
                    failure ??= e;
                }
            }));
        }
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        output.WriteLine($"committed {committed}, conflicts {conflicts}");
        Assert.Null(failure);
        Assert.Equal(0, badTotals);
        Assert.True(committed > 10, $"only {committed} transfers committed");
        using var final = setup.Begin();
        Assert.Equal(accounts * initial, final.BatchGet(Enumerable.Range(0, accounts).Select(i => K(Acct(i))).ToList()).Sum(p => int.Parse(S(p.Value), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Latches_queue_commands_by_callback_in_order()
    {
        var latches = new CommandLatches(16);
        var order = new List<string>();
        long h1 = 0, h2 = 0, h3 = 0;
        latches.Acquire([K("a"), K("b")], h => { h1 = h; order.Add("1"); });
        latches.Acquire([K("b")], h => { h2 = h; order.Add("2"); });
        latches.Acquire([K("a")], h => { h3 = h; order.Add("3"); });
        Assert.Equal(["1"], order);
        Assert.Equal(2, latches.WaitingCount - 1);
        latches.Release(h1);
        Assert.Contains("2", order);
        Assert.Contains("3", order);
        latches.Release(h2);
        latches.Release(h3);
        Assert.Equal(0, latches.WaitingCount);
    }

    [Fact]
    public void Split_keys_drop_the_timestamp_of_versioned_keys_only()
    {
        var enc = Workbench.Txn.Mvcc.MvccKey.Encode(K("user1"));
        var versioned = Workbench.Txn.Mvcc.MvccKey.AppendTs(enc, 42);
        Assert.Equal(enc, TxnKeys.SplitKeyOf(versioned));
        Assert.Equal(K("rawkey"), TxnKeys.SplitKeyOf(K("rawkey")));
        _ = typeof(ClusterException);
    }
}
