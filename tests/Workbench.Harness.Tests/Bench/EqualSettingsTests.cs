using Workbench.Harness.Engines;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;

namespace Workbench.Harness.Tests.Bench;

/// <summary>Issue 21.1: every engine of a comparison opens with the same bloom bits, block size, block cache and memtable budget where it has them.</summary>
public sealed class EqualSettingsTests
{
    [Theory]
    [InlineData("lsm")]
    [InlineData("titan")]
    [InlineData("rocksdb")]
    [InlineData("rocksdb-blob")]
    public void Lsm_engines_share_every_setting(string engine)
    {
        var registry = EngineCatalog.Create();
        var config = EqualSettings.Apply(new EngineConfig(engine), registry.GetFactory(engine));
        foreach (var (name, value) in EqualSettings.Values) Assert.Equal(value, config.OptionsOrEmpty[name]);
        registry.ValidateOptions(config); // every value is one the engine accepts
        Assert.Equal(EqualSettings.Values.Count, EqualSettings.Resolved(config, registry.GetFactory(engine)).Count);
    }

    [Fact]
    public void A_given_option_wins_and_engines_without_the_option_are_left_alone()
    {
        var registry = EngineCatalog.Create();
        var rocks = EqualSettings.Apply(new EngineConfig("rocksdb", new Dictionary<string, string> { ["bloom_bits_per_key"] = "0" }), registry.GetFactory("rocksdb"));
        Assert.Equal("0", rocks.OptionsOrEmpty["bloom_bits_per_key"]);
        var btree = EqualSettings.Apply(new EngineConfig("btree"), registry.GetFactory("btree"));
        Assert.Empty(btree.OptionsOrEmpty);
        Assert.Empty(EqualSettings.Resolved(btree, registry.GetFactory("btree")));
    }

    [Fact]
    public void Bench_opens_rocksdb_with_the_lsm_bloom_filter_and_records_it()
    {
        var dir = Path.Combine(Path.GetTempPath(), "workbench-equal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = Assert.Single(new BenchRunner(new BenchOptions
            {
                Engine = new EngineConfig("rocksdb"),
                Benchmarks = ["fillrandom"],
                Num = 2000,
                Db = dir,
                ShowProgress = false,
            }, registry: EngineCatalog.Create()).Run());
            Assert.Equal("10", r.EngineOptions["bloom_bits_per_key"]);
            Assert.Contains("bloom_bits_per_key=10", Workbench.Harness.Bench.BenchVerb.SettingsLine(new BenchOptions { Engine = new EngineConfig("rocksdb"), Benchmarks = ["fillrandom"] }, EngineCatalog.Create().GetFactory("rocksdb")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
