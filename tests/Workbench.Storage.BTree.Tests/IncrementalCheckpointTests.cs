using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// Issue 21 (5): the page cleaner writes dirty pages back between checkpoints, so a checkpoint is
/// spread over its interval (the cleaner's writes, then the checkpoint's remaining pages and its
/// syncs). A crash anywhere in that — after some pages were written ahead, at any later page write
/// of the checkpoint — recovers the previous checkpoint plus the log, losing no acknowledged write.
/// </summary>
public sealed class IncrementalCheckpointTests
{
    private static readonly byte[] Value = new byte[300];

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // cleaning rounds and checkpoint page writes from copies, outside the pool's lock
    public void A_crash_in_the_middle_of_an_incremental_checkpoint_recovers_the_acknowledged_writes(bool unlockedPageWrites)
    {
        // The cleaner is driven by the test (deterministic fault points); the pool holds the dirty
        // pages, so only the test's cleaning rounds and the checkpoint write the page file.
        var options = new Dictionary<string, string>(BTreeTestEngines.Small)
        {
            ["cache_size"] = "1MiB",
            ["checkpoint_wal_bytes"] = "64MiB",
            ["page_cleaner"] = "false",
            ["unlocked_page_writes"] = unlockedPageWrites ? "true" : "false",
        };
        var crashes = 0;
        for (var n = 1; n <= 60; n++)
        {
            var faults = new FaultInjectingFileSystem(new MemoryFileSystem());
            var e = (BTreeEngine)BTreeTestEngines.Open(faults, "/db", options);
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < 400; i++) e.Put(cf, K(i), Value);
            e.Flush();
            var before = e.CheckpointId;
            faults.FailNth(FaultKind.Write, n, pathContains: BTreeEngine.PageFileName);
            var acked = -1;
            var failed = false;
            try
            {
                for (var i = 0; i < 600; i++)
                {
                    e.Put(cf, K(i), K($"v{i}"), WriteOptions.Synced);
                    acked = i;
                    // A cleaning round every 50 writes: pages of this interval written ahead, some dirtied again.
                    if (i % 50 == 49 && i < 550) e.CleanPagesNow(6);
                }
                Assert.True(e.DirtyPages > 0, "the writes left no dirty page for the checkpoint");
                e.Flush();
            }
            catch (EngineWriteStoppedException)
            {
                failed = true;
            }
            catch (StorageIOException)
            {
                failed = true;
            }
            catch (IOException)
            {
                failed = true; // the cleaning round's own write failed; the engine stops at the next write
                Assert.Throws<EngineWriteStoppedException>(() => e.Put(cf, K("x"), K("y"), WriteOptions.Synced));
            }
            if (!failed)
            {
                // Fewer page writes than n in the whole interval: every point was covered.
                Assert.Equal(before + 1, e.CheckpointId);
                e.Dispose();
                Assert.True(crashes >= 20, $"only {crashes} page writes in an incremental checkpoint");
                return;
            }
            crashes++;
            faults.SimulateCrash();
            e.Dispose();
            using var r = (BTreeEngine)BTreeTestEngines.Open(faults, "/db", options);
            Assert.Equal(before, r.RecoveredCheckpointId);
            var rcf = r.DefaultColumnFamily();
            for (var i = 0; i < 400; i++)
                Assert.Equal(i <= acked ? K($"v{i}") : Value, r.Get(rcf, K(i)));
            for (var i = 400; i <= acked; i++) Assert.Equal(K($"v{i}"), r.Get(rcf, K(i)));
            r.VerifyTrees();
        }
        Assert.Fail("60 fault points did not reach the end of the incremental checkpoint");
    }
}
