using Workbench.Storage.Contract;
using Workbench.Storage.Errors;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>
/// A real write-path I/O failure: the next file numbers RocksDB will create are pre-created as
/// directories, so creating the flush's new WAL / table file fails (EISDIR). (Symlinks to /dev/full
/// are not usable: Debian's librocksdb is built with assertions, and a failing sync_file_range
/// aborts the process.) The engine must
/// report it as an I/O error, then refuse writes (EngineWriteStoppedException) until reopened, and
/// the acknowledged data must be intact after reopening.
/// </summary>
public sealed class RocksDbWriteFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_write_path_io_error_stops_writes_until_reopen_and_loses_nothing_acknowledged()
    {
        var dir = _temp.Sub("db");
        var e = RocksDbTestEngines.Open(RocksDbEngineFactory.EngineName, dir, ["default"], new Dictionary<string, string>());
        try
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < 100; i++) e.Put(cf, BitConverter.GetBytes(i), new byte[100]);
            var next = MaxFileNumber(dir) + 1;
            var traps = new List<string>();
            for (var n = next; n < next + 8; n++)
                foreach (var ext in new[] { "log", "sst" })
                {
                    var path = Path.Combine(dir, $"{n:D6}.{ext}");
                    Directory.CreateDirectory(path);
                    traps.Add(path);
                }

            var flushError = Assert.Throws<StorageIOException>(() => e.Flush());
            Assert.Contains("Is a directory", flushError.Message, StringComparison.Ordinal);
            var stopped = Assert.Throws<EngineWriteStoppedException>(() => e.Put(cf, "after"u8, "x"u8));
            Assert.IsType<StorageIOException>(stopped.InnerException);
            // Latched: refused again without asking RocksDB.
            Assert.Throws<EngineWriteStoppedException>(() => e.Put(cf, "again"u8, "x"u8));
            Assert.Equal(new byte[100], e.Get(cf, BitConverter.GetBytes(5))); // reads still work

            e.Dispose();
            foreach (var t in traps) Directory.Delete(t);
            e = RocksDbTestEngines.Open(RocksDbEngineFactory.EngineName, dir, ["default"], new Dictionary<string, string>());
            cf = e.DefaultColumnFamily();
            for (var i = 0; i < 100; i++) Assert.Equal(new byte[100], e.Get(cf, BitConverter.GetBytes(i)));
            Assert.Null(e.Get(cf, "after"u8));
            e.Put(cf, "after"u8, "x"u8); // writable again after reopening
        }
        finally
        {
            e.Dispose();
        }
    }

    private static long MaxFileNumber(string dir)
    {
        long max = 0;
        foreach (var f in Directory.GetFiles(dir))
        {
            var name = Path.GetFileName(f);
            var digits = name.StartsWith("MANIFEST-", StringComparison.Ordinal) ? name["MANIFEST-".Length..] : name.Split('.')[0];
            if (long.TryParse(digits, out var n)) max = Math.Max(max, n);
        }
        return max;
    }
}
