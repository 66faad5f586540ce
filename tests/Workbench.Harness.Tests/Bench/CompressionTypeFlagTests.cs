using Workbench.Harness.Bench;
using Workbench.Harness.Cli;
using Workbench.Harness.Engines;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;

namespace Workbench.Harness.Tests.Bench;

/// <summary>`bench --compression-type` (db_bench's --compression_type) maps to the engine option `compression`.</summary>
public sealed class CompressionTypeFlagTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-comptest-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_flag_sets_the_compression_option_and_absent_it_changes_nothing()
    {
        var none = new Dictionary<string, string> { ["block_size"] = "8KB" };
        Assert.Same(none, CompressionTypeFlag.Apply(none, null, "lsm"));
        var set = CompressionTypeFlag.Apply(none, "zstd", "lsm");
        Assert.Equal("zstd", set["compression"]);
        Assert.Equal("8KB", set["block_size"]);
        Assert.Equal("lz4", CompressionTypeFlag.Apply(new() { ["compression"] = "LZ4" }, "lz4", "titan")["compression"]);
        Assert.Equal("snappy", CompressionTypeFlag.Apply([], "snappy", "rocksdb")["compression"]);
    }

    [Fact]
    public void An_engine_without_block_compression_or_a_contradicting_option_is_a_usage_error()
    {
        Assert.Contains("engine 'btree' has no block compression", Assert.Throws<UsageException>(() => CompressionTypeFlag.Apply([], "lz4", "btree")).Message, StringComparison.Ordinal);
        Assert.Contains("contradicts", Assert.Throws<UsageException>(() => CompressionTypeFlag.Apply(new() { ["compression"] = "zstd" }, "lz4", "lsm")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compressible_values_take_less_space_with_the_flag_than_without()
    {
        BenchResult Run(string? type)
        {
            var options = new BenchOptions
            {
                Engine = new EngineConfig("lsm", CompressionTypeFlag.Apply(new()
                {
                    ["write_buffer_size"] = "256KB",
                    // No compaction: a compaction still running when the files are listed leaves inputs
                    // and outputs side by side, which made the comparison flaky; flushes alone show the codec.
                    ["level0_file_num_compaction_trigger"] = "64",
                    ["level0_slowdown_writes_trigger"] = "128",
                    ["level0_stop_writes_trigger"] = "256",
                }, type, "lsm")),
                Benchmarks = ["fillrandom"],
                Num = 4000,
                ValueSize = 1000,
                CompressionRatio = 0.5,
                Db = Path.Combine(_dir, type ?? "default"),
                ShowProgress = false,
            };
            return new BenchRunner(options, EngineCatalog.Create()).Run().Single();
        }
        var plain = Run(null);
        var lz4 = Run("lz4");
        Assert.True(lz4.DiskBytes < plain.DiskBytes * 0.75, $"lz4 {lz4.DiskBytes} bytes vs {plain.DiskBytes} uncompressed");
    }
}
