using System.Collections.Concurrent;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Testing.FileSystems;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// Obsolete tables are unlinked by a background thread, also when a reader (a get or an iterator
/// releasing an old view) drops their last reference: unlinking a large table on the reader's
/// thread made it the slowest read of a readwhilewriting run.
/// </summary>
public class ObsoleteTableDeletionTests
{
    [Fact]
    public void A_reader_releasing_the_last_view_of_compacted_tables_leaves_their_unlink_to_a_background_thread()
    {
        var fs = new DeleteRecordingFileSystem(new MemoryFileSystem());
        var overrides = new Dictionary<string, string>
        {
            ["write_buffer_size"] = "1MB",
            ["level0_file_num_compaction_trigger"] = "10", // no automatic compaction: the test picks when
            ["level0_slowdown_writes_trigger"] = "20",
            ["level0_stop_writes_trigger"] = "30",
        };
        using var e = LsmTestEngines.Open(fs, "/db", overrides: overrides);
        var cf = e.DefaultColumnFamily();
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 200; i++) e.Put(cf, BitConverter.GetBytes(i), new byte[100]);
            e.Flush(); // two overlapping L0 tables: the compaction below rewrites both
        }
        var tables = Tables(fs);
        Assert.Equal(2, tables.Count);

        var it = e.NewIterator(cf); // pins the view that lists both tables
        e.CompactRange(cf);
        foreach (var t in tables) Assert.True(fs.FileExists(t), $"{t} deleted while an iterator still reads it");

        var reader = Environment.CurrentManagedThreadId;
        it.Dispose(); // the last reference to the old view
        foreach (var t in tables)
        {
            Assert.True(fs.WaitDeleted(t, TimeSpan.FromSeconds(30)), $"{t} not deleted within 30 s of its last reader");
            Assert.NotEqual(reader, fs.DeletedBy[t]);
        }
    }

    private static List<string> Tables(IFileSystem fs)
    {
        var tables = new List<string>();
        foreach (var f in fs.ListFiles("/db"))
            if (f.EndsWith(".sst", StringComparison.Ordinal)) tables.Add(FilePaths.Combine("/db", f));
        return tables;
    }

    /// <summary>Records which managed thread deleted each file, and lets a test wait for a deletion.</summary>
    private sealed class DeleteRecordingFileSystem(IFileSystem inner) : WrappingFileSystem(inner)
    {
        public ConcurrentDictionary<string, int> DeletedBy { get; } = new();
        private readonly object _lock = new(); // Monitor.Wait needs a monitor object

        public override void DeleteFile(string path)
        {
            base.DeleteFile(path);
            lock (_lock)
            {
                DeletedBy[path] = Environment.CurrentManagedThreadId;
                Monitor.PulseAll(_lock);
            }
        }

        public bool WaitDeleted(string path, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            lock (_lock)
            {
                while (!DeletedBy.ContainsKey(path))
                {
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero) return false;
                    Monitor.Wait(_lock, left);
                }
                return true;
            }
        }
    }
}
