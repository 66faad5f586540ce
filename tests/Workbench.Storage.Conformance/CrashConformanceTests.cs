using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;
using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Conformance;

/// <summary>
/// The persistent suite plus machine-crash simulation through <see cref="FaultInjectingFileSystem"/>
/// (for engines that do all IO through <see cref="IFileSystem"/>): acknowledged synced writes
/// survive; unsynced writes may vanish, but never half a batch, and what survives is a prefix of
/// the acknowledged order (no holes), as RocksDB's crash tests demand.
/// </summary>
public abstract class CrashConformanceTests : PersistentEngineConformanceTests
{
    protected CrashConformanceTests(ITestOutputHelper output) : base(output) { }

    protected FaultInjectingFileSystem Faults => (FaultInjectingFileSystem)FileSystem;

    protected override IFileSystem CreateInMemoryFileSystem() => new FaultInjectingFileSystem(new MemoryFileSystem());

    /// <summary>Crashes the "machine" under the engine and reopens it; the old instance is abandoned as a dead process would be.</summary>
    protected IKvEngine CrashAndReopen(IKvEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Faults.SimulateCrash();
        DisposeQuietly(engine);
        return Open();
    }

    [Fact]
    public void Synced_writes_survive_a_machine_crash()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        var lk = e.GetColumnFamily("lock");
        for (var i = 0; i < 200; i++)
        {
            using var batch = new WriteBatch();
            batch.Put(cf, K(i), K($"v{i}")).Put(lk, K(i), K($"l{i}"));
            e.Write(batch, WriteOptions.Synced);
            if (i == 100) e.Flush();
        }
        e = CrashAndReopen(e);
        cf = e.DefaultColumnFamily();
        lk = e.GetColumnFamily("lock");
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(K($"v{i}"), e.Get(cf, K(i)));
            Assert.Equal(K($"l{i}"), e.Get(lk, K(i)));
        }
    }

    [Fact]
    public void Unsynced_writes_lost_in_a_crash_never_leave_half_a_batch_or_a_hole()
    {
        var seed = TestSeed(nameof(Unsynced_writes_lost_in_a_crash_never_leave_half_a_batch_or_a_hole));
        var rng = new Random(seed);
        var e = Open();
        var lastSynced = -1;
        const int batches = 300;
        for (var i = 0; i < batches; i++)
        {
            var sync = rng.Next(20) == 0;
            WriteMarkedBatch(e, i, sync);
            if (sync) lastSynced = i;
            if (rng.Next(100) == 0) e.Flush();
        }
        e = CrashAndReopen(e);
        CheckPrefix(e, batches, lastSynced, $"seed {seed}");
    }

    [Fact]
    public void Repeated_crashes_with_flushes_keep_every_synced_batch()
    {
        var seed = TestSeed(nameof(Repeated_crashes_with_flushes_keep_every_synced_batch));
        var rng = new Random(seed);
        var e = Open();
        var next = 0;
        for (var round = 0; round < 4; round++)
        {
            var lastSynced = next - 1; // everything before this round was verified durable
            var n = 80 + rng.Next(120);
            for (var i = 0; i < n; i++, next++)
            {
                var sync = rng.Next(4) == 0;
                WriteMarkedBatch(e, next, sync);
                if (sync) lastSynced = next;
                if (rng.Next(60) == 0) e.Flush();
            }
            e = CrashAndReopen(e);
            var survivors = CheckPrefix(e, next, lastSynced, $"seed {seed}, round {round}");
            // continue numbering after the survivors so the prefix property keeps holding
            for (var i = survivors; i < next; i++) DeleteMarkedBatch(e, i);
            next = survivors;
            e.Flush();
        }
    }

    [Fact]
    public void A_failed_write_stops_the_engine_and_reopening_keeps_synced_data()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 50; i++) e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
        Faults.SimulateDiskFull();
        Exception? failure = null;
        for (var i = 50; i < 2000 && failure is null; i++)
        {
            try
            {
                e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
                if (i % 100 == 0) e.Flush();
            }
            catch (Exception ex) when (ex is IOException or StorageException)
            {
                failure = ex;
            }
        }
        Assert.NotNull(failure);
        // once stopped, further writes are refused rather than half-applied
        Assert.ThrowsAny<Exception>(() => e.Put(cf, K("after"), K("x"), WriteOptions.Synced));
        Faults.ClearFaults();
        e = CrashAndReopen(e);
        cf = e.DefaultColumnFamily();
        for (var i = 0; i < 50; i++) Assert.Equal(K($"v{i}"), e.Get(cf, K(i)));
        Assert.Null(e.Get(cf, K("after")));
        e.Put(cf, K("after"), K("reopened"));
        Assert.Equal(K("reopened"), e.Get(cf, K("after")));
    }

    [Fact]
    public void A_failed_write_surfaces_as_StorageIOException_then_stops_writes()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 20; i++) e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
        Faults.SimulateDiskFull();
        Exception? failure = null;
        for (var i = 20; i < 2000 && failure is null; i++)
        {
            try
            {
                e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
                if (i % 100 == 0) e.Flush();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }
        Assert.NotNull(failure);
        AssertIoFailure(failure);
        var refused = Assert.ThrowsAny<StorageException>(() => e.Put(cf, K("after"), K("x"), WriteOptions.Synced));
        AssertIoFailure(refused);
        Faults.ClearFaults();
    }

    [Fact]
    public void A_failed_read_surfaces_as_StorageIOException()
    {
        var e = Open();
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 300; i++) e.Put(cf, K(i), new byte[500]);
        e.Flush();
        e.Dispose();
        e = Open(); // cold: reads now go to the files
        cf = e.DefaultColumnFamily();
        Faults.FailNth(FaultKind.Read, 1, sticky: true);
        var failure = Record.Exception(() =>
        {
            for (var i = 0; i < 300; i++) Assert.Equal(500, e.Get(cf, K(i))?.Length);
            using var it = e.NewIterator(cf);
            var n = 0;
            for (it.SeekToLast(); it.Valid; it.Prev()) n++;
            Assert.Equal(300, n);
        });
        Faults.ClearFaults();
        Output.WriteLine($"{GetType().Name}: reads under a read fault -> {(failure is null ? "no file read" : failure.GetType().Name + ": " + failure.Message)}");
        // An engine that holds everything in memory reads no file after open and must answer correctly.
        if (failure is not null) Assert.True(failure is StorageIOException, $"a failed read surfaced as {failure.GetType().Name}: {failure.Message}");
    }

    /// <summary>An I/O failure is a StorageIOException, or a write stop whose cause is one.</summary>
    private static void AssertIoFailure(Exception failure)
    {
        if (failure is StorageIOException) return;
        Assert.True(failure is EngineWriteStoppedException, $"an I/O failure surfaced as {failure.GetType().Name}: {failure.Message}");
        Assert.True(failure.InnerException is StorageIOException, $"a write stop's cause is {failure.InnerException?.GetType().Name ?? "missing"}, not a StorageIOException");
    }

    /// <summary>Batch i writes three keys in three column families, all carrying marker i.</summary>
    private static void WriteMarkedBatch(IKvEngine e, int i, bool sync)
    {
        using var batch = new WriteBatch();
        batch.Put(e.GetColumnFamily("default"), K(i), BigEndian(i))
             .Put(e.GetColumnFamily("lock"), K(i), BigEndian(i))
             .Put(e.GetColumnFamily("write"), K(i), BigEndian(i));
        e.Write(batch, sync ? WriteOptions.Synced : WriteOptions.Default);
    }

    private static void DeleteMarkedBatch(IKvEngine e, int i)
    {
        using var batch = new WriteBatch();
        batch.Delete(e.GetColumnFamily("default"), K(i)).Delete(e.GetColumnFamily("lock"), K(i)).Delete(e.GetColumnFamily("write"), K(i));
        e.Write(batch, WriteOptions.Synced);
    }

    /// <summary>Checks batches [0, written) form a durable prefix covering lastSynced, each whole or absent; returns the prefix length.</summary>
    private static int CheckPrefix(IKvEngine e, int written, int lastSynced, string context)
    {
        var cfs = new[] { e.GetColumnFamily("default"), e.GetColumnFamily("lock"), e.GetColumnFamily("write") };
        var prefix = -1;
        for (var i = 0; i < written; i++)
        {
            var present = cfs.Select(cf => e.Get(cf, K(i))).ToArray();
            var count = present.Count(v => v is not null);
            Assert.True(count is 0 or 3, $"{context}: batch {i} is half-applied ({count} of 3 keys survived)");
            if (count == 3)
            {
                foreach (var v in present) Assert.Equal(BigEndian(i), v);
                Assert.True(prefix == i - 1, $"{context}: batch {i} survived but batch {prefix + 1} did not (a hole)");
                prefix = i;
            }
        }
        Assert.True(prefix >= lastSynced, $"{context}: synced batch {lastSynced} was lost (survivors end at {prefix})");
        return prefix + 1;
    }
}
