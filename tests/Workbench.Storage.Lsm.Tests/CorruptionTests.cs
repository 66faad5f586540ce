using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;

using static Workbench.Storage.Conformance.TestKeys;

namespace Workbench.Storage.Lsm.Tests;

public class CorruptionTests
{
    private static byte[] Value(int i) => K($"value-{i:D6}-{new string('x', 40)}");

    [Fact]
    public void A_corrupted_table_block_surfaces_as_corruption_never_as_wrong_data()
    {
        var fs = new MemoryFileSystem();
        var e = LsmTestEngines.Open(fs, "/db", overrides: new() { ["write_buffer_size"] = "1MB", ["target_file_size_base"] = "1MB" });
        var cf = e.DefaultColumnFamily();
        for (var i = 0; i < 3000; i++) e.Put(cf, K(i), Value(i));
        e.CompactRange(cf);
        e.Dispose();
        var sst = "/db/" + fs.ListFiles("/db").Single(n => n.EndsWith(".sst", StringComparison.Ordinal));
        // flip one bit in the middle of the data blocks
        using (var f = fs.OpenWritable(sst, WriteCategory.Other))
        {
            var b = new byte[1];
            f.ReadAt(f.Length / 3, b);
            b[0] ^= 0x08;
            f.WriteAt(f.Length / 3, b);
        }
        e = LsmTestEngines.Open(fs, "/db", overrides: new() { ["write_buffer_size"] = "1MB", ["target_file_size_base"] = "1MB" });
        cf = e.DefaultColumnFamily();
        var corrupt = 0;
        for (var i = 0; i < 3000; i++)
        {
            try
            {
                var v = e.Get(cf, K(i));
                Assert.True(v is not null && v.AsSpan().SequenceEqual(Value(i)), $"key {i} returned wrong data instead of a corruption error");
            }
            catch (CorruptionException ex)
            {
                Assert.Contains(".sst", ex.File ?? "", StringComparison.Ordinal);
                corrupt++;
            }
        }
        Assert.True(corrupt > 0, "no read noticed the damaged block");
        Assert.True(corrupt < 3000, "one bad block should not make every key unreadable");
        using var it = e.NewIterator(cf);
        Assert.Throws<CorruptionException>(() =>
        {
            var n = 0;
            for (it.SeekToFirst(); it.Valid; it.Next()) n++;
        });
        Assert.False(it.Valid);
        e.Dispose();
    }

    [Fact]
    public void A_damaged_footer_is_reported_with_file_and_offset()
    {
        var fs = new MemoryFileSystem();
        var e = LsmTestEngines.Open(fs, "/db");
        for (var i = 0; i < 100; i++) e.Put(e.DefaultColumnFamily(), K(i), Value(i));
        e.Flush();
        e.Dispose();
        var sst = "/db/" + fs.ListFiles("/db").First(n => n.EndsWith(".sst", StringComparison.Ordinal));
        using (var f = fs.OpenWritable(sst, WriteCategory.Other)) f.WriteAt(f.Length - 3, [0, 0, 0]);
        e = LsmTestEngines.Open(fs, "/db");
        var ex = Assert.Throws<CorruptionException>(() => e.Get(e.DefaultColumnFamily(), K(5)));
        Assert.Contains("magic", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Offset > 0);
        e.Dispose();
    }
}
