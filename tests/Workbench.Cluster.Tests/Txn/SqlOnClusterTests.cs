using System.Diagnostics;
using Workbench.Cluster.Topology;
using Workbench.Harness.ClusterLayers;
using Workbench.Sql.Execution;
using Workbench.Sql.Server;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Tests.Txn;

/// <summary>
/// SQL on the replicated cluster (issue 14's cluster path): the SQL server over Percolator
/// transactions routed to a 3-replica in-process cluster, driven by the real sysbench 1.0.20
/// (Debian package `sysbench`, installed by `./run.sh test`; the test says SKIPPED without it).
/// </summary>
public sealed class SqlOnClusterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"wb-sql-cluster-{Environment.ProcessId}-{Guid.NewGuid():N}");

    [Fact]
    public async Task Sysbench_oltp_read_write_prepares_runs_and_cleans_up_on_three_replicas()
    {
        var sysbench = Find("sysbench");
        if (sysbench is null)
        {
            Console.WriteLine("SKIPPED: the sysbench binary is not installed (./run.sh test installs the Debian package sysbench)");
            return;
        }
        const string yaml = """
            topology: in-process
            nodes:
              - { id: 1, address: 127.0.0.1:20160, engine: { name: lsm } }
              - { id: 2, address: 127.0.0.1:20161, engine: { name: memory } }
              - { id: 3, address: 127.0.0.1:20162, engine: { name: lsm } }
            replicas: 3
            raft: { log: separate, tick_ms: 10, election_tick: 10, heartbeat_tick: 2 }
            region: { split_size: 64KiB, split_keys: 100000 }
            """;
        var registry = new EngineRegistry().RegisterBuiltIns().Register(new Workbench.Storage.Lsm.LsmEngineFactory());
        var config = new ClusterConfigLoader(registry).Load(yaml, "sql-cluster.yaml");
        using var database = new SqlDatabase(ClusterSqlStore.Open(config, registry, _dir));
        var server = new SqlServer(database, new SqlServerOptions
        {
            Port = 0,
            Users = [new SqlUser("root", ""), new SqlUser("sbtest", "sbtest", "sbtest")],
            CreateDatabases = ["sbtest"],
        });
        server.Start();
        try
        {
            var common = $"--db-driver=mysql --mysql-host=127.0.0.1 --mysql-port={server.Port} --mysql-user=sbtest --mysql-password=sbtest --mysql-db=sbtest --tables=1 --table-size=300";
            var prepare = await RunAsync(sysbench, $"{common} oltp_read_write prepare");
            Assert.True(prepare.Exit == 0, prepare.Output);
            var run = await RunAsync(sysbench, $"{common} --threads=4 --time=2 --rand-type=uniform oltp_read_write run");
            Assert.True(run.Exit == 0, run.Output);
            Assert.DoesNotContain("FATAL", run.Output, StringComparison.Ordinal);
            Assert.Matches(@"transactions:\s+[1-9]", run.Output);
            var cleanup = await RunAsync(sysbench, $"{common} oltp_read_write cleanup");
            Assert.True(cleanup.Exit == 0, cleanup.Output);
            Assert.Null(database.Catalog.FindTable("sbtest", "sbtest1"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static string? Find(string name)
    {
        foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            if (d.Length > 0 && File.Exists(Path.Combine(d, name))) return Path.Combine(d, name);
        return null;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"sysbench {args} did not finish in 120 s: {await o}{await e}");
        }
        return (p.ExitCode, await o + await e);
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is not a test failure.
        }
    }
}
