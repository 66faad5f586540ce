using Workbench.Harness.Engines;
using Workbench.Sql.Execution;
using Workbench.Sql.Server;
using Workbench.Sql.Transactions;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Harness.Tests.Ycsb;

/// <summary>`workbench ycsb … --layer sql --endpoint HOST:PORT` against our SQL server (in this test process, over a memory engine).</summary>
public sealed class SqlYcsbVerbTests
{
    [Fact]
    public async Task Load_and_run_with_scans_go_through_the_sql_server()
    {
        var engine = EngineCatalog.Create().Open(new EngineConfig("memory"), "/mem", new MemoryFileSystem(), Workbench.Txn.Storage.CfNames.All);
        using var db = new SqlDatabase(SqlStores.Percolator(engine));
        var server = new Workbench.Sql.Server.SqlServer(db, new SqlServerOptions { Port = 0, Users = [new SqlUser("sbtest", "sbtest", "sbtest")], CreateDatabases = ["sbtest"] });
        server.Start();
        try
        {
            var (exit, stdout, stderr) = Cli.WorkbenchProcessTests.Run("ycsb", "run", "--load", "--workload", RepoPaths.Workload("workloade"), "-p", "recordcount=200", "-p", "operationcount=200",
                "--layer", "sql", "--endpoint", $"127.0.0.1:{server.Port}", "--threads", "2");
            Assert.True(exit == 0, stderr + stdout);
            Assert.Contains("SCAN ", stdout, StringComparison.Ordinal);
            Assert.Contains("statements retried", stdout, StringComparison.Ordinal);
            Assert.True(db.WriteStats.RowPuts >= 200, $"row puts {db.WriteStats.RowPuts}");
            var (badExit, _, badErr) = Cli.WorkbenchProcessTests.Run("ycsb", "run", "--workload", RepoPaths.Workload("workloade"), "--layer", "sql");
            Assert.NotEqual(0, badExit);
            Assert.Contains("--endpoint", badErr, StringComparison.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
