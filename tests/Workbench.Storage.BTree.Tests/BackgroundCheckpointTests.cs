using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// Issue 21 (5): checkpoints run off the write path. Writers keep committing while a checkpoint is
/// stuck in its page-file sync, and a crash interrupting a background checkpoint at any page-file
/// write or sync recovers exactly the acknowledged writes.
/// </summary>
public sealed class BackgroundCheckpointTests
{
    private static readonly byte[] Value = new byte[300];

    [Fact]
    public async Task Writes_commit_while_a_background_checkpoint_is_blocked_in_its_page_file_sync()
    {
        var gate = new GatedSyncFileSystem(new MemoryFileSystem(), BTreeEngine.PageFileName);
        var e = (BTreeEngine)BTreeTestEngines.Open(gate, "/db");
        var cf = e.DefaultColumnFamily();
        gate.Hold();
        var i = 0;
        try
        {
            // Past checkpoint_wal_bytes (32 KiB) the leader wakes the checkpointer, which then blocks at the gate.
            var deadline = Environment.TickCount64 + 30_000;
            while (gate.Blocked == 0)
            {
                Assert.True(Environment.TickCount64 < deadline, "no background checkpoint reached its page-file sync");
                // Write up to checkpoint_wal_bytes (which wakes the checkpointer), then only wait for the
                // checkpoint to reach its sync: writing on could reach the write stop (2 ×
                // checkpoint_wal_bytes) before it gets there, and a Put past it would wait for a log
                // switch the checkpoint held at the gate cannot make.
                if (e.CurrentLogBytes < e.CheckpointWalBytes) e.Put(cf, K(i++), Value, WriteOptions.Synced);
                else Thread.Yield();
            }
            var blockedAt = e.CheckpointId;
            // Writes that keep the log below the write stop's 2 × checkpoint_wal_bytes must not wait for
            // the checkpoint. How much of that room is left depends on how many writes the loop above
            // made between the checkpoint's freeze (a new log) and its sync: use only what is left,
            // counting a generous 2 × the value per batch (key, batch and record-log headers).
            var room = 2 * e.CheckpointWalBytes - e.CurrentLogBytes;
            var count = (int)Math.Min(150, room / (2 * Value.Length));
            Assert.True(count >= 20, $"only {room} bytes of log left below the write stop once the checkpoint blocked");
            var start = i;
            var more = Task.Run(() =>
            {
                for (var j = 0; j < count; j++) e.Put(cf, K(start + j), Value, WriteOptions.Synced);
            });
            await more.WaitAsync(TimeSpan.FromSeconds(30)); // a TimeoutException = the writes waited for the checkpoint
            Assert.Equal(1, gate.Blocked);
            Assert.False(gate.TimedOut);
            Assert.Equal(blockedAt, e.CheckpointId);
            i += count;
        }
        finally
        {
            gate.Release();
        }
        e.Flush();
        e.VerifyTrees();
        e.Dispose();
        using var r = BTreeTestEngines.Open(gate, "/db");
        for (var k = 0; k < i; k++) Assert.Equal(Value, r.Get(r.DefaultColumnFamily(), K(k)));
    }

    [Theory]
    [InlineData(FaultKind.Write, 40)]
    [InlineData(FaultKind.Sync, 6)]
    public void A_crash_at_any_page_file_write_or_sync_of_a_background_checkpoint_recovers_the_acknowledged_writes(FaultKind kind, int points)
    {
        // A pool large enough that nothing is evicted: every page-file write and sync after open is a background checkpoint's.
        var options = new Dictionary<string, string> { ["page_size"] = "4KiB", ["cache_size"] = "16MiB", ["checkpoint_wal_bytes"] = "32KiB" };
        var duringCheckpoint = 0;
        for (var n = 1; n <= points; n++)
        {
            var faults = new FaultInjectingFileSystem(new MemoryFileSystem());
            var e = (BTreeEngine)BTreeTestEngines.Open(faults, "/db", options);
            var cf = e.DefaultColumnFamily();
            faults.FailNth(kind, n, pathContains: BTreeEngine.PageFileName);
            var acked = -1;
            for (var i = 0; i < 5000; i++)
            {
                try
                {
                    e.Put(cf, K(i), K($"v{i}-{new string('x', 200)}"), WriteOptions.Synced);
                    acked = i;
                }
                catch (EngineWriteStoppedException)
                {
                    break;
                }
            }
            Assert.True(acked < 4999, $"fault {kind} #{n} never hit a background checkpoint");
            duringCheckpoint++;
            faults.SimulateCrash();
            e.Dispose();
            using var r = (BTreeEngine)BTreeTestEngines.Open(faults, "/db", options);
            var rcf = r.DefaultColumnFamily();
            for (var i = 0; i <= acked; i++) Assert.Equal(K($"v{i}-{new string('x', 200)}"), r.Get(rcf, K(i)));
            // The write in flight when the engine stopped may have been logged; nothing beyond it.
            for (var i = acked + 2; i < acked + 50; i++) Assert.Null(r.Get(rcf, K(i)));
            r.VerifyTrees();
        }
        Assert.Equal(points, duringCheckpoint);
    }
}
