namespace Workbench.Sql.Tests.EndToEnd;

/// <summary>
/// The real sysbench 1.0.20 (Debian package `sysbench`, installed by `./run.sh test`): prepare, run
/// 2 s with 4 threads, cleanup, for each OLTP test and both prepared-statement modes. sysbench
/// retries 1213 itself (--mysql-ignore-errors default); any other error fails the run. Tables are
/// tiny (200 rows) so the whole set stays well under a minute.
/// </summary>
public sealed class SysbenchTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public Task InitializeAsync()
    {
        _server = new TestServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> Cases()
    {
        var d = new TheoryData<string, string>();
        foreach (var mode in new[] { "auto", "disable" })
            foreach (var t in new[] { "oltp_read_write", "oltp_read_only", "oltp_point_select", "oltp_update_index", "oltp_update_non_index", "oltp_insert", "oltp_delete", "oltp_write_only" })
                d.Add(t, mode);
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Sysbench_test_prepares_runs_and_cleans_up(string test, string psMode)
    {
        var sysbench = ExternalTool.Find("sysbench");
        if (sysbench is null)
        {
            Console.WriteLine("SKIPPED: the sysbench binary is not installed (./run.sh test installs the Debian package sysbench)");
            return;
        }
        string common = $"--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port={_server.Port} --mysql-user=sbtest --mysql-password=sbtest --mysql-db=sbtest --tables=1 --table-size=200 --db-ps-mode={psMode}";
        var prepare = await ExternalTool.RunAsync(sysbench, $"{common} {test} prepare");
        Assert.True(prepare.Exit == 0, prepare.Output);
        var run = await ExternalTool.RunAsync(sysbench, $"{common} --threads=4 --time=2 --rand-type=uniform {test} run");
        Assert.True(run.Exit == 0, run.Output);
        Assert.DoesNotContain("FATAL", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"transactions:\s+[1-9]", run.Output);
        var cleanup = await ExternalTool.RunAsync(sysbench, $"{common} {test} cleanup");
        Assert.True(cleanup.Exit == 0, cleanup.Output);
        Assert.Null(_server.Database.Catalog.FindTable("sbtest", "sbtest1"));
    }
}
