using Workbench.Workloads.Ycsb;
using Xunit.Abstractions;

namespace Workbench.Workloads.Tests.Ycsb;

public class CoreWorkloadTests(ITestOutputHelper output)
{
    private static CoreWorkload Workload(string props) => new(CoreWorkloadSettings.From(YcsbProperties.Parse(props)));

    [Fact]
    public void Hashed_keys_are_user_plus_fnv_hash_as_in_ycsb()
    {
        var w = Workload("recordcount=10");
        Assert.Equal("user6284781860667377211", w.KeyString(0));
        Assert.Equal("user8517097267634966620", w.KeyString(1));
    }

    [Fact]
    public void Ordered_keys_are_zero_padded()
    {
        var w = Workload("recordcount=10\ninsertorder=ordered\nzeropadding=5");
        Assert.Equal("user00042", w.KeyString(42));
        Assert.Equal("user123456", w.KeyString(123456));
    }

    [Fact]
    public void Load_sequence_starts_at_insertstart()
    {
        var w = Workload("recordcount=10\ninsertstart=3\ninsertcount=5");
        Assert.Equal(3, w.NextLoadKeynum());
        Assert.Equal(4, w.NextLoadKeynum());
    }

    [Fact]
    public void Operation_mix_follows_proportions()
    {
        var w = Workload("recordcount=100\nreadproportion=0.5\nupdateproportion=0.3\nscanproportion=0.2");
        var rng = new Random(TestSeed.Fixed(output, 61));
        var counts = new int[YcsbOperations.Count];
        const int draws = 50_000;
        for (var i = 0; i < draws; i++) counts[(int)w.NextOperation(rng)]++;
        Assert.Equal(0, counts[(int)YcsbOperation.Insert]);
        Assert.InRange(counts[(int)YcsbOperation.Read] / (double)draws, 0.48, 0.52);
        Assert.InRange(counts[(int)YcsbOperation.Update] / (double)draws, 0.28, 0.32);
        Assert.InRange(counts[(int)YcsbOperation.Scan] / (double)draws, 0.18, 0.22);
    }

    [Theory]
    [InlineData("uniform")]
    [InlineData("zipfian")]
    [InlineData("latest")]
    [InlineData("hotspot")]
    public void Transaction_keys_are_always_inserted_ones(string distribution)
    {
        var w = Workload($"recordcount=1000\noperationcount=10000\ninsertproportion=0.5\nreadproportion=0.5\nupdateproportion=0\nrequestdistribution={distribution}");
        var rng = new Random(TestSeed.Fixed(output, 62));
        for (var i = 0; i < 20_000; i++) Assert.InRange(w.NextTransactionKeynum(rng), 0, 999);
        // After inserts are acknowledged, new keys become reachable.
        for (var i = 0; i < 100; i++) w.AcknowledgeInsert(w.NextInsertKeynum());
        long max = 0;
        for (var i = 0; i < 50_000; i++) max = Math.Max(max, w.NextTransactionKeynum(rng));
        Assert.InRange(max, 0, 1099);
        // As in YCSB: latest and zipfian (sized for expected inserts) reach new keys; uniform and hotspot stay on the loaded range.
        if (distribution is "latest" or "zipfian") Assert.True(max >= 1000, $"{distribution}: no draw reached the new keys (max {max})");
        else Assert.True(max < 1000, $"{distribution}: drew {max}, beyond the loaded range");
    }

    [Fact]
    public void Scan_length_stays_within_bounds()
    {
        var w = Workload("recordcount=10\nmaxscanlength=100");
        var rng = new Random(TestSeed.Fixed(output, 63));
        for (var i = 0; i < 10_000; i++) Assert.InRange(w.NextScanLength(rng), 1, 100);
    }

    [Fact]
    public void Field_bytes_are_printable_ascii()
    {
        var buf = new byte[1000];
        CoreWorkload.FillRandom(new Random(1), buf);
        Assert.All(buf, b => Assert.InRange(b, (byte)' ', (byte)'~'));
    }
}
