using Workbench.Harness.Sysbench;

namespace Workbench.Harness.Tests.Sysbench;

/// <summary>The parser on output captured from the real sysbench 1.0.20 (against MariaDB 10.11, scripts/mariadb.sh), with --histogram=on --percentile=99 --report-interval=1.</summary>
public sealed class SysbenchOutputParserTests
{
    private static string Captured(string name) => File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "Workbench.Harness.Tests", "Sysbench", name));

    [Fact]
    public void Read_write_output_gives_every_figure()
    {
        var r = SysbenchOutputParser.Parse(Captured("oltp_read_write-mariadb-innodb.txt"));
        Assert.Equal(1006, r.Transactions);
        Assert.Equal(333.70, r.TransactionsPerSec);
        Assert.Equal(20120, r.Queries);
        Assert.Equal(6674.06, r.QueriesPerSec);
        Assert.Equal((14084L, 4024L, 2012L), (r.Reads, r.Writes, r.Other));
        Assert.Equal((0L, 0L), (r.IgnoredErrors, r.Reconnects));
        Assert.Equal(3.0138, r.TotalSeconds);
        Assert.Equal(1006, r.Events);
        Assert.Equal((0.82, 5.97, 174.63), (r.LatencyMinMs, r.LatencyAvgMs, r.LatencyMaxMs));
        Assert.Equal((99.0, 29.19), (r.Percentile, r.PercentileMs));
        Assert.Equal([118.85, 364.98, 520.21], r.IntervalTps);
        // The histogram holds every event, from the first bucket (0.826 ms) on.
        Assert.Equal(r.Events, r.Histogram.Sum(b => b.Count));
        Assert.Equal((0.826, 1L), r.Histogram[0]);
    }

    [Fact]
    public void Point_select_output_with_no_writes_parses()
    {
        var r = SysbenchOutputParser.Parse(Captured("oltp_point_select-mariadb-myrocks.txt"));
        Assert.Equal(11121, r.Transactions);
        Assert.Equal(r.Transactions, r.Queries);
        Assert.Equal(5533.84, r.QueriesPerSec);
        Assert.Equal((11121L, 0L, 0L), (r.Reads, r.Writes, r.Other));
        Assert.Equal(r.Events, r.Histogram.Sum(b => b.Count));
        Assert.Equal(6.09, r.PercentileMs);
    }

    [Fact]
    public void Lines_in_between_and_windows_line_ends_are_ignored()
    {
        var text = Captured("oltp_read_write-mariadb-innodb.txt").Replace("SQL statistics:\n", "WARNING: something sysbench warns about\nSQL statistics:\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        var r = SysbenchOutputParser.Parse(text);
        Assert.Equal(1006, r.Transactions);
        Assert.Equal(r.Events, r.Histogram.Sum(b => b.Count));
    }

    [Fact]
    public void Output_without_the_statistics_is_a_format_error_naming_what_is_missing()
    {
        var e = Assert.Throws<FormatException>(() => SysbenchOutputParser.Parse("FATAL: unable to connect to MySQL server on host '127.0.0.1', port 1\n"));
        Assert.Contains("transactions", e.Message, StringComparison.Ordinal);
        var cut = Captured("oltp_read_write-mariadb-innodb.txt");
        cut = cut[..cut.IndexOf("Latency (ms):", StringComparison.Ordinal)];
        Assert.Contains("Latency", Assert.Throws<FormatException>(() => SysbenchOutputParser.Parse(cut)).Message, StringComparison.Ordinal);
    }
}
