using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Storage.RocksDb.Errors;
using Workbench.Storage.RocksDb.Interop;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>The binding's error mapping, library loading and option validation.</summary>
public sealed class RocksDbBindingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Corruption: block checksum mismatch: stored = 1, computed = 2", typeof(CorruptionException))]
    [InlineData("IO error: No space left on device: While appending to file: /db/000012.log", typeof(StorageIOException))]
    [InlineData("Invalid argument: Column family not found: x", typeof(ArgumentException))]
    [InlineData("Not implemented: Not supported operation in read only mode.", typeof(ArgumentException))]
    [InlineData("Operation aborted: ", typeof(RocksDbException))]
    [InlineData("Resource busy: ", typeof(RocksDbException))]
    public void Status_messages_map_to_typed_exceptions_that_keep_the_message(string status, Type expected)
    {
        var e = RocksDbStatus.ToException(status, "get");
        Assert.IsType(expected, e);
        Assert.Contains(status, e.Message, StringComparison.Ordinal);
        Assert.Contains("rocksdb get failed", e.Message, StringComparison.Ordinal);
        if (e is StorageIOException) Assert.IsType<IOException>(e.InnerException);
    }

    [Fact]
    public void A_full_disk_maps_to_an_io_error_whose_inner_exception_says_ENOSPC()
    {
        var e = RocksDbStatus.ToException("IO error: No space left on device: While appending to file: /db/000012.log: No space left on device", "write");
        var io = Assert.IsType<IOException>(Assert.IsType<StorageIOException>(e).InnerException);
        Assert.Equal(RocksDbStatus.NoSpaceHResult, io.HResult);
        Assert.NotEqual(RocksDbStatus.NoSpaceHResult, RocksDbStatus.ToException("IO error: Is a directory", "write").InnerException!.HResult);
    }

    [Fact]
    public void The_engine_runs_the_rocksdb_bundled_with_the_package()
    {
        var dir = _temp.Sub("db");
        using (RocksDbTestEngines.Open("rocksdb", dir, ["default"])) { }
        var version = File.ReadLines(Path.Combine(dir, "LOG")).First(l => l.Contains("RocksDB version:", StringComparison.Ordinal));
        Assert.Contains("RocksDB version: " + RocksDbLibrary.ExpectedVersion + ".", version, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_engines_declare_rocksdb_option_names_with_db_bench_defaults()
    {
        var registry = RocksDbTestEngines.Registry();
        var leveled = registry.ValidateOptions(new EngineConfig("rocksdb"));
        Assert.Equal(64L << 20, leveled.GetLong("write_buffer_size"));
        Assert.Equal(2, leveled.GetInt("max_write_buffer_number"));
        Assert.Equal(4, leveled.GetInt("level0_file_num_compaction_trigger"));
        Assert.Equal(20, leveled.GetInt("level0_slowdown_writes_trigger"));
        Assert.Equal(36, leveled.GetInt("level0_stop_writes_trigger"));
        Assert.Equal(256L << 20, leveled.GetLong("max_bytes_for_level_base"));
        Assert.Equal(10.0, leveled.GetDouble("max_bytes_for_level_multiplier"));
        Assert.Equal(64L << 20, leveled.GetLong("target_file_size_base"));
        Assert.Equal(4096L, leveled.GetLong("block_size"));
        Assert.Equal(8L << 20, leveled.GetLong("block_cache_size"));
        Assert.Equal(0.0, leveled.GetDouble("bloom_bits_per_key"));
        Assert.Equal("none", leveled.GetString("compression"));
        Assert.Equal(2, leveled.GetInt("max_background_jobs"));
        Assert.False(leveled.GetBool("use_direct_io_for_flush_and_compaction"));
        Assert.False(leveled.GetBool("enable_blob_files"));
        var blob = registry.ValidateOptions(new EngineConfig("rocksdb-blob"));
        Assert.True(blob.GetBool("enable_blob_files"));
        Assert.True(blob.GetBool("enable_blob_garbage_collection"));
        Assert.Equal(0.25, blob.GetDouble("blob_garbage_collection_age_cutoff"));
        Assert.Equal(1.0, blob.GetDouble("blob_garbage_collection_force_threshold"));
        Assert.Equal(256L << 20, blob.GetLong("blob_file_size"));
        Assert.Equal(0L, blob.GetLong("min_blob_size"));
    }

    [Theory]
    [InlineData("compression", "brotli", "compression")]
    [InlineData("write_buffer_size", "lots", "write_buffer_size")]
    [InlineData("max_write_buffer_number", "1", "minimum")]
    [InlineData("blob_garbage_collection_age_cutoff", "1.5", "maximum")]
    [InlineData("no_such_option", "1", "unknown option 'no_such_option'")]
    public void Bad_options_are_rejected_naming_the_option(string name, string value, string expected)
    {
        var e = Assert.Throws<EngineConfigException>(() =>
            RocksDbTestEngines.Open("rocksdb", _temp.Sub("db"), ["default"], new Dictionary<string, string> { [name] = value }));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inconsistent_level0_triggers_are_rejected_before_rocksdb_sees_them()
    {
        var e = Assert.Throws<EngineConfigException>(() => RocksDbTestEngines.Open("rocksdb", _temp.Sub("db"), ["default"],
            new Dictionary<string, string> { ["level0_slowdown_writes_trigger"] = "40", ["level0_stop_writes_trigger"] = "36" }));
        Assert.Contains("level0_slowdown_writes_trigger (40) must not exceed level0_stop_writes_trigger (36)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("lz4")]
    [InlineData("zstd")]
    public void Every_offered_compression_is_linked_into_the_bundled_library(string compression)
    {
        var dir = _temp.Sub("db-" + compression);
        var options = new Dictionary<string, string> { ["compression"] = compression, ["bloom_bits_per_key"] = "10" };
        using (var e = RocksDbTestEngines.Open("rocksdb", dir, ["default"], options))
        {
            var cf = e.DefaultColumnFamily();
            var value = new byte[1000];
            for (var i = 0; i < 200; i++) e.Put(cf, BitConverter.GetBytes(i), value);
            e.Flush();
            var sst = Directory.GetFiles(dir, "*.sst").Sum(f => new FileInfo(f).Length);
            Assert.True(sst < 100_000, $"{compression}: 200 KB of zeros compressed to only {sst} bytes");
        }
        using var again = RocksDbTestEngines.Open("rocksdb", dir, ["default"], options);
        Assert.Equal(new byte[1000], again.Get(again.DefaultColumnFamily(), BitConverter.GetBytes(7)));
    }

    [Fact]
    public void Per_column_family_options_reach_rocksdb()
    {
        var registry = RocksDbTestEngines.Registry();
        var config = new EngineConfig("rocksdb", new Dictionary<string, string>(),
            new Dictionary<string, IReadOnlyDictionary<string, string>> { ["big"] = new Dictionary<string, string> { ["enable_blob_files"] = "true" } });
        var dir = _temp.Sub("db");
        using var e = registry.Open(config, dir, LocalFileSystem.Instance, ["default", "big"]);
        e.Put(e.GetColumnFamily("big"), "k"u8, new byte[5000]);
        e.Put(e.GetColumnFamily("default"), "k"u8, new byte[5000]);
        e.Flush();
        Assert.Single(Directory.GetFiles(dir, "*.blob"));
        Assert.Equal(new byte[5000], e.Get(e.GetColumnFamily("big"), "k"u8));
    }
}
