using Workbench.Linearizability.ListAppend;
using Workbench.Txn.Client;
using Workbench.Txn.Errors;
using Xunit.Abstractions;
using static Workbench.Txn.Tests.TxnHarness;

namespace Workbench.Txn.Tests;

/// <summary>Snapshot isolation under real concurrency (threads, background secondaries), seeded; run on every engine.</summary>
public class ConcurrencyTests(ITestOutputHelper output)
{
    public static TheoryData<string> Engines => new(TestStores.EngineNames);

    private static TxnClientOptions Fast(int seed) => new() { Seed = seed, BackoffBaseMs = 1, BackoffCapMs = 20 };

    [Theory]
    [MemberData(nameof(Engines))]
    public void Bank_total_is_constant_in_every_read(string engine)
    {
        var seed = Seed(21, output);
        using var h = new TxnHarness(engine, manualClock: false);
        using var c = h.Client(Fast(seed));
        const int accounts = 8, total = 100;
        using (var t = c.Begin())
        {
            for (var i = 0; i < accounts; i++) t.Set(B($"acct{i}"), B(i == 0 ? total.ToString() : "0"));
            t.Commit();
        }
        var keys = Enumerable.Range(0, accounts).Select(i => B($"acct{i}")).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        long reads = 0, transfers = 0, conflicts = 0;
        var threads = Enumerable.Range(0, 4).Select(n => new Thread(() =>
        {
            var rng = new Random(seed * 31 + n);
            for (var op = 0; op < 150; op++)
            {
                using var t = c.Begin();
                try
                {
                    if (rng.Next(2) == 0)
                    {
                        var all = t.BatchGet(keys);
                        var sum = all.Sum(p => int.Parse(S(p.Value)!, System.Globalization.CultureInfo.InvariantCulture));
                        if (sum != total || all.Count != accounts) failures.Add($"read at {t.StartTs} summed to {sum} over {all.Count} accounts");
                        t.Commit();
                        Interlocked.Increment(ref reads);
                        continue;
                    }
                    int from = rng.Next(accounts), to = rng.Next(accounts), amount = rng.Next(1, 6);
                    if (from == to) continue;
                    var a = int.Parse(S(t.Get(keys[from]))!, System.Globalization.CultureInfo.InvariantCulture);
                    var b = int.Parse(S(t.Get(keys[to]))!, System.Globalization.CultureInfo.InvariantCulture);
                    if (a < amount) continue;
                    t.Set(keys[from], B((a - amount).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    t.Set(keys[to], B((b + amount).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    t.Commit();
                    Interlocked.Increment(ref transfers);
                }
                catch (WriteConflictException)
                {
                    Interlocked.Increment(ref conflicts); // the caller may start anew; never a blind retry
                }
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.True(c.WaitForBackgroundWork(TimeSpan.FromSeconds(30)));
        output.WriteLine($"{engine}: {reads} reads, {transfers} transfers, {conflicts} conflicts");
        Assert.Empty(failures);
        using var final = c.Begin();
        Assert.Equal(total, final.BatchGet(keys).Sum(p => int.Parse(S(p.Value)!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.True(transfers > 0);
    }

    [Fact]
    public void No_long_fork()
    {
        var seed = Seed(22, output);
        using var h = new TxnHarness("memory", manualClock: false);
        using var c = h.Client(Fast(seed));
        const int pairs = 40;
        var observations = new System.Collections.Concurrent.ConcurrentBag<(int Pair, bool X, bool Y)>();
        var writers = Enumerable.Range(0, 2).Select(w => new Thread(() =>
        {
            for (var p = 0; p < pairs; p++)
            {
                using var t = c.Begin();
                t.Set(B($"{(w == 0 ? "x" : "y")}{p}"), B("1"));
                t.Commit();
            }
        }));
        var readers = Enumerable.Range(0, 2).Select(r => new Thread(() =>
        {
            var rng = new Random(seed + r);
            for (var i = 0; i < 300; i++)
            {
                var p = rng.Next(pairs);
                using var t = c.Begin();
                // Read the two keys in an order that differs between readers.
                var first = r == 0 ? "x" : "y";
                var second = r == 0 ? "y" : "x";
                var a = t.Get(B($"{first}{p}")) is not null;
                var b = t.Get(B($"{second}{p}")) is not null;
                observations.Add(r == 0 ? (p, a, b) : (p, b, a));
                t.Commit();
            }
        }));
        var all = writers.Concat(readers).ToArray();
        foreach (var t in all) t.Start();
        foreach (var t in all) t.Join();
        foreach (var g in observations.GroupBy(o => o.Pair))
        {
            var onlyX = g.Any(o => o.X && !o.Y);
            var onlyY = g.Any(o => o.Y && !o.X);
            Assert.False(onlyX && onlyY, $"seed {seed}: long fork on pair {g.Key}: one read saw only x, another only y");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void List_append_history_is_snapshot_isolated(string engine)
    {
        var seed = Seed(23, output);
        using var h = new TxnHarness(engine, manualClock: false);
        using var c = h.Client(Fast(seed));
        var history = new System.Collections.Concurrent.ConcurrentBag<AppendTxn>();
        var nextValue = 0;
        var nextId = 0;
        var threads = Enumerable.Range(0, 4).Select(n => new Thread(() =>
        {
            var rng = new Random(seed * 17 + n);
            for (var i = 0; i < 80; i++)
            {
                var ops = new List<MicroOp>();
                var t = c.Begin();
                var outcome = TxnOutcome.Committed;
                try
                {
                    for (var m = rng.Next(1, 4); m > 0; m--)
                    {
                        long key = rng.Next(0, 5);
                        var cur = S(t.Get(B($"list{key}")));
                        var list = string.IsNullOrEmpty(cur) ? new List<long>() : cur.Split(',').Select(long.Parse).ToList();
                        if (rng.Next(2) == 0) ops.Add(MicroOp.Read(key, list));
                        else
                        {
                            long v = Interlocked.Increment(ref nextValue);
                            list.Add(v);
                            t.Set(B($"list{key}"), B(string.Join(",", list)));
                            ops.Add(MicroOp.Append(key, v));
                        }
                    }
                    t.Commit();
                }
                catch (WriteConflictException)
                {
                    outcome = TxnOutcome.Aborted;
                }
                catch (TxnAbortedException)
                {
                    outcome = TxnOutcome.Aborted;
                }
                history.Add(new AppendTxn(Interlocked.Increment(ref nextId), outcome, ops));
            }
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        var result = ListAppendChecker.Check(history.ToList());
        output.WriteLine($"{engine}: {history.Count} txns, {history.Count(x => x.Outcome == TxnOutcome.Committed)} committed; {result}");
        Assert.True(result.IsSnapshotIsolation, $"seed {seed}: {result}");
    }

    [Theory]
    [InlineData("lsm")]
    [InlineData("titan")]
    [InlineData("rocksdb")]
    public void Model_based_test_on_engine(string engine) => ModelBasedClientTests.RunOn(engine, 800, 24, output);
}
