using Workbench.Sql.Execution;
using Workbench.Sql.Server;
using Workbench.Sql.Transactions;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Sql.Tests;

/// <summary>A SQL server on an ephemeral loopback port over an in-memory engine, with users root (no password) and sbtest/sbtest.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public SqlDatabase Database { get; }
    public SqlServer Server { get; }
    public int Port => Server.Port;

    public TestServer(bool threadPerConnection = true)
    {
        Database = NewDatabase();
        Server = new SqlServer(Database, new SqlServerOptions
        {
            Port = 0,
            Users = [new SqlUser("root", ""), new SqlUser("sbtest", "sbtest", "sbtest")],
            CreateDatabases = ["sbtest"],
            MaxPacketBytes = 1 << 20,
            ThreadPerConnection = threadPerConnection,
        });
        Server.Start();
    }

    public static SqlDatabase NewDatabase()
    {
        var engine = new EngineRegistry().RegisterBuiltIns().Open(new EngineConfig("memory"), "/mem", new MemoryFileSystem(), Workbench.Txn.Storage.CfNames.All);
        return new SqlDatabase(SqlStores.Percolator(engine));
    }

    public string ConnectionString(string user = "root", string password = "", string database = "", bool pooling = false) =>
        $"Server=127.0.0.1;Port={Port};User ID={user};Password={password};Database={database};SslMode=None;Pooling={pooling};AllowUserVariables=true";

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Database.Dispose();
    }
}
