using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Lsm.Tests.Blob;

/// <summary>
/// On real file systems a new file's (or a rename's) directory entry is durable only after the
/// directory is synced. The blob manifest must not name a blob file, and old blob manifests must not
/// be deleted, before that. The fault-injecting file system counts a file's own sync as making its
/// creation durable, so these tests check the order of calls instead of crashing.
/// </summary>
public sealed class BlobDirectorySyncTests
{
    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");

    private static bool IsBlobManifest(string path) => path.Contains("BLOBMANIFEST-", StringComparison.Ordinal) && !path.EndsWith(".tmp", StringComparison.Ordinal);

    [Fact]
    public void Blob_files_are_named_in_the_blob_manifest_only_after_a_directory_sync()
    {
        var fs = new GatedFileSystem(new MemoryFileSystem());
        using (var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc()))
        {
            var cf = e.DefaultColumnFamily();
            for (var round = 0; round < 2; round++)
            {
                for (var i = 0; i < 100; i++) e.Put(cf, Key(i), new byte[round == 0 ? 500 : 400]);
                for (var i = 0; i < 100; i += 2) e.Put(cf, Key(i), new byte[round == 0 ? 500 : 400]);
                e.Flush(); // blob files of a flush
            }
            e.CompactRange(cf);
            Assert.True(TitanTestEngines.RunGcUntilIdle(e) > 0); // blob files of GC (category blob_gc)
            Assert.True(TitanTestEngines.Blobs(e).Stats.GcRecordsRewritten > 0);
        }

        var events = fs.Events();
        var created = 0;
        for (var i = 0; i < events.Length; i++)
        {
            if (!events[i].StartsWith("create ", StringComparison.Ordinal) || !events[i].EndsWith(".blob", StringComparison.Ordinal)) continue;
            created++;
            var synced = false;
            for (var j = i + 1; j < events.Length; j++)
            {
                if (events[j].StartsWith("syncdir /db", StringComparison.Ordinal)) synced = true;
                else if (events[j].StartsWith("write ", StringComparison.Ordinal) && IsBlobManifest(events[j]))
                {
                    Assert.True(synced, $"{events[i]}: the blob manifest was written (event {j}) before the directory was synced");
                    break;
                }
            }
        }
        Assert.True(created >= 3, $"expected blob files from flushes and GC, saw {created}");
    }

    [Fact]
    public void A_rewritten_blob_manifest_is_made_durable_before_the_old_one_is_deleted_or_written_to()
    {
        var fs = new GatedFileSystem(new MemoryFileSystem());
        using (var e = TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc()))
        {
            e.Put(e.DefaultColumnFamily(), Key(1), new byte[500]);
            e.Flush();
        }
        using (TitanTestEngines.Open(fs, "/db", overrides: TitanTestEngines.ManualGc()))
        {
        }
        var events = fs.Events();
        var renames = 0;
        for (var i = 0; i < events.Length; i++)
        {
            if (!events[i].StartsWith("rename ", StringComparison.Ordinal) || !events[i].Contains("BLOBMANIFEST-", StringComparison.Ordinal)) continue;
            renames++;
            var synced = false;
            var used = false;
            for (var j = i + 1; j < events.Length && !used; j++)
            {
                if (events[j].StartsWith("syncdir /db", StringComparison.Ordinal)) synced = true;
                else if ((events[j].StartsWith("write ", StringComparison.Ordinal) || events[j].StartsWith("delete ", StringComparison.Ordinal)) && IsBlobManifest(events[j]))
                {
                    used = true;
                    Assert.True(synced, $"{events[i]}: followed by '{events[j]}' before the directory was synced");
                }
            }
            Assert.True(used, $"{events[i]}: the blob manifest was never used after the rename");
        }
        Assert.Equal(2, renames);
    }
}
