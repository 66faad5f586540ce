using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// Group commit under many writers with random sync flags, both write paths (the leader inserting
/// the group, and allow_concurrent_memtable_write), through memtable switches (16 KB write buffers):
/// after a clean reopen every acknowledged write is there; after a simulated machine crash in the
/// middle of the writes, each writer's recovered writes are a prefix of what it wrote (the WAL is
/// replayed in sequence order, point in time) that reaches at least its last acknowledged synced
/// write (a synced write syncs everything logged before it). Randomized: the seed is printed, replay
/// with WORKBENCH_SEED.
/// </summary>
public class WriteGroupRecoveryTests(ITestOutputHelper output)
{
    private const int Writers = 4;

    private int Seed()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WORKBENCH_SEED"), out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with WORKBENCH_SEED={seed})");
        return seed;
    }

    private static byte[] Key(int writer, int i) => System.Text.Encoding.ASCII.GetBytes($"w{writer}-{i:D6}");

    private static byte[] Value(int writer, int i, int length)
    {
        var v = new byte[length];
        System.Text.Encoding.ASCII.GetBytes($"v{writer}-{i}").CopyTo(v, 0);
        return v;
    }

    /// <summary>Per writer: how many writes it attempted, how many returned, and the index of its last acknowledged synced write (−1 if none).</summary>
    private sealed class WriterLog
    {
        public int Attempted;
        public int Acknowledged;
        public int LastSyncedAck = -1;
    }

    private static WriterLog[] RunWriters(IKvEngine e, int seed, int perWriter, Action<WriterLog[]>? midway, double syncShare)
    {
        var cf = e.DefaultColumnFamily();
        var logs = new WriterLog[Writers];
        var started = new CountdownEvent(Writers);
        var threads = new Thread[Writers];
        for (var t = 0; t < Writers; t++)
        {
            var id = t;
            var log = logs[id] = new WriterLog();
            threads[t] = new Thread(() =>
            {
                var rnd = new Random(seed * 31 + id);
                started.Signal();
                for (var i = 0; i < perWriter; i++)
                {
                    var sync = rnd.NextDouble() < syncShare;
                    var value = Value(id, i, 20 + rnd.Next(300));
                    log.Attempted = i + 1;
                    try
                    {
                        e.Put(cf, Key(id, i), value, sync ? WriteOptions.Synced : WriteOptions.Default);
                    }
                    catch (Exception) when (midway is not null)
                    {
                        return; // the crashed engine refuses writes (or its files are gone): this writer stops
                    }
                    log.Acknowledged = i + 1;
                    if (sync) log.LastSyncedAck = i;
                }
            });
            threads[t].Start();
        }
        started.Wait();
        midway?.Invoke(logs);
        foreach (var th in threads) Assert.True(th.Join(TimeSpan.FromMinutes(2)), $"a writer never finished, seed {seed}");
        return logs;
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Every_acknowledged_write_of_many_writers_survives_a_reopen(string concurrent)
    {
        var seed = Seed();
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/db");
        var overrides = new Dictionary<string, string> { ["allow_concurrent_memtable_write"] = concurrent };
        const int perWriter = 1500;
        var e = LsmTestEngines.Open(fs, "/db", overrides: overrides);
        var logs = RunWriters(e, seed, perWriter, midway: null, syncShare: 0.1);
        var counters = e.GetMetrics().Counters;
        e.Dispose();
        using var reopened = LsmTestEngines.Open(fs, "/db", overrides: overrides);
        var cf = reopened.DefaultColumnFamily();
        for (var t = 0; t < Writers; t++)
        {
            Assert.Equal(perWriter, logs[t].Acknowledged);
            for (var i = 0; i < perWriter; i++)
            {
                var got = reopened.Get(cf, Key(t, i));
                Assert.True(got is not null, $"acknowledged write {t}/{i} lost after reopen, seed {seed}");
                Assert.True(got.AsSpan().StartsWith(System.Text.Encoding.ASCII.GetBytes($"v{t}-{i}\0")), $"write {t}/{i} has a wrong value after reopen, seed {seed}");
            }
        }
        Assert.Equal(Writers * perWriter, counters["lsm.write.batches"]);
        Assert.True(counters["write.groups"] is > 0 and <= Writers * perWriter, $"write groups {counters["write.groups"]}");
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void A_machine_crash_among_many_writers_keeps_a_prefix_of_each_writer_through_its_last_synced_write(string concurrent)
    {
        var seed = Seed();
        var rnd = new Random(seed);
        var fs = new FaultInjectingFileSystem(new MemoryFileSystem());
        fs.CreateDirectory("/db");
        var overrides = new Dictionary<string, string> { ["allow_concurrent_memtable_write"] = concurrent };
        var e = LsmTestEngines.Open(fs, "/db", overrides: overrides);
        // Crash once the writers have written a random number of keys between them (wait on that, no sleeps).
        var crashAfter = 200 + rnd.Next(2000);
        var logs = RunWriters(e, seed, perWriter: 3000, midway: running =>
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (DateTime.UtcNow < deadline)
            {
                var total = 0;
                foreach (var l in running) total += Volatile.Read(ref l.Acknowledged);
                if (total >= crashAfter) break;
                Thread.Yield();
            }
            fs.SimulateCrash();
        }, syncShare: 0.05);
        try { e.Dispose(); } catch (IOException) { } catch (StorageException) { } catch (ObjectDisposedException) { }
        using var reopened = LsmTestEngines.Open(fs, "/db", overrides: overrides);
        var cf = reopened.DefaultColumnFamily();
        for (var t = 0; t < Writers; t++)
        {
            var log = logs[t];
            var recovered = 0;
            while (recovered < log.Attempted && reopened.Get(cf, Key(t, recovered)) is { } v)
            {
                Assert.True(v.AsSpan().StartsWith(System.Text.Encoding.ASCII.GetBytes($"v{t}-{recovered}\0")), $"write {t}/{recovered} has a wrong value after the crash, seed {seed}");
                recovered++;
            }
            for (var i = recovered; i < log.Attempted + 1; i++)
                Assert.True(reopened.Get(cf, Key(t, i)) is null, $"writer {t}: write {i} recovered after the missing write {recovered} (not a prefix), seed {seed}");
            Assert.True(recovered > log.LastSyncedAck, $"writer {t}: acknowledged synced write {log.LastSyncedAck} lost (recovered {recovered} of {log.Attempted}), seed {seed}");
        }
        output.WriteLine($"crash after ~{crashAfter} writes; acknowledged {string.Join(", ", Array.ConvertAll(logs, l => l.Acknowledged))}, last synced {string.Join(", ", Array.ConvertAll(logs, l => l.LastSyncedAck))}");
    }
}
