using Workbench.Storage.Contract;
using Workbench.Storage.Errors;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>
/// The options RocksDB 11 gives a researcher beyond the 7.8 set (compression per level, blob
/// compression, rate limiter, dynamic level bytes, blob starting level): each reaches RocksDB (its
/// LOG dumps the options it opened with) and the compression ones change what is written.
/// </summary>
public sealed class RocksDbOptionTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");

    [Fact]
    public void The_new_options_reach_rocksdb_as_its_log_shows()
    {
        var dir = _temp.Sub("db");
        var options = new Dictionary<string, string>
        {
            ["level_compaction_dynamic_level_bytes"] = "true",
            ["compression_per_level"] = "none:lz4:zstd",
            ["num_levels"] = "4",
            ["enable_blob_files"] = "true",
            ["blob_compression_type"] = "zstd",
            ["blob_file_starting_level"] = "2",
            ["rate_limiter_bytes_per_sec"] = "64MB",
        };
        using (RocksDbTestEngines.Open("rocksdb", dir, ["default"], options)) { }
        var log = File.ReadAllText(Path.Combine(dir, "LOG"));
        Assert.Matches(@"Options\.level_compaction_dynamic_level_bytes: 1\b", log);
        Assert.Matches(@"Options\.compression\[0\]: NoCompression\b", log);
        Assert.Matches(@"Options\.compression\[1\]: LZ4\b", log);
        Assert.Matches(@"Options\.compression\[2\]: ZSTD\b", log);
        Assert.Matches(@"Options\.compression\[3\]: ZSTD\b", log); // the last entry covers the levels below the list
        Assert.Matches(@"Options\.blob_compression_type: ZSTD\b", log);
        Assert.Matches(@"Options\.blob_file_starting_level: 2\b", log);
        Assert.DoesNotMatch(@"Options\.rate_limiter: \(nil\)", log);

        var plain = _temp.Sub("plain");
        using (RocksDbTestEngines.Open("rocksdb", plain, ["default"], new Dictionary<string, string>())) { }
        var plainLog = File.ReadAllText(Path.Combine(plain, "LOG"));
        Assert.Matches(@"Options\.rate_limiter: \(nil\)", plainLog); // db_bench's default: no limiter
        Assert.Matches(@"Options\.level_compaction_dynamic_level_bytes: 0\b", plainLog); // db_bench 7.8's default, not RocksDB 11's
        Assert.Matches(@"Options\.blob_compression_type: NoCompression\b", plainLog);
    }

    [Fact]
    public void Compression_per_level_leaves_level_0_raw_and_compresses_below_it()
    {
        var dir = _temp.Sub("db");
        using var e = RocksDbTestEngines.Open("rocksdb", dir, ["default"], new Dictionary<string, string> { ["compression_per_level"] = "none:zstd" });
        var cf = e.DefaultColumnFamily();
        var value = new byte[1000]; // zeros: highly compressible
        for (var i = 0; i < 300; i++) e.Put(cf, Key(i), value);
        e.Flush();
        Assert.Equal("1", e.GetProperty("rocksdb.num-files-at-level0"));
        var level0 = Directory.GetFiles(dir, "*.sst").Sum(f => new FileInfo(f).Length);
        Assert.True(level0 > 300_000, $"L0 (none) holds only {level0} bytes for 300 KB of values");
        e.CompactRange(cf);
        Assert.Equal("0", e.GetProperty("rocksdb.num-files-at-level0"));
        var below = Directory.GetFiles(dir, "*.sst").Sum(f => new FileInfo(f).Length);
        Assert.True(below < 50_000, $"below L0 (zstd) the same data still takes {below} bytes");
        Assert.Equal(value, e.Get(cf, Key(7)));
    }

    [Fact]
    public void Blob_compression_compresses_the_values_in_blob_files()
    {
        var dir = _temp.Sub("db");
        using var e = RocksDbTestEngines.Open("rocksdb-blob", dir, ["default"], new Dictionary<string, string> { ["blob_compression_type"] = "lz4" });
        var cf = e.DefaultColumnFamily();
        var value = new byte[5000];
        for (var i = 0; i < 100; i++) e.Put(cf, Key(i), value);
        e.Flush();
        var blob = Directory.GetFiles(dir, "*.blob").Sum(f => new FileInfo(f).Length);
        Assert.True(blob is > 0 and < 100_000, $"blob files hold {blob} bytes for 500 KB of zeros");
        Assert.Equal(value, e.Get(cf, Key(42)));
    }

    [Theory]
    [InlineData("compression_per_level", "none:brotli", "level 1 is 'brotli'")]
    [InlineData("compression_per_level", "none:none:none:none:none:none:none:zstd", "names 8 levels but num_levels is 7")]
    [InlineData("blob_compression_type", "brotli", "blob_compression_type")]
    [InlineData("rate_limiter_bytes_per_sec", "-1", "rate_limiter_bytes_per_sec")]
    [InlineData("rate_limiter_auto_tuned", "true", "rate_limiter_auto_tuned needs a rate_limiter_bytes_per_sec")]
    public void Bad_new_options_are_rejected_naming_the_option(string name, string value, string expected)
    {
        var e = Assert.Throws<EngineConfigException>(() =>
            RocksDbTestEngines.Open("rocksdb", _temp.Sub("db"), ["default"], new Dictionary<string, string> { [name] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
