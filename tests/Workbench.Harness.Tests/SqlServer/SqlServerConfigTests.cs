using Workbench.Harness.SqlServer;

namespace Workbench.Harness.Tests.SqlServer;

public sealed class SqlServerConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sqlcfg").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, "c.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void Shipped_configs_load_with_the_sysbench_users()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Workbench.sln"))) root = Path.GetDirectoryName(root)!;
        foreach (var engine in new[] { "lsm", "titan", "rocksdb" })
        {
            var c = SqlServerConfig.Load(Path.Combine(root, "harness", "sql", $"single-{engine}.yaml"));
            Assert.Equal(engine, c.Engine!.Name);
            Assert.Equal(4000, c.Server.Port);
            Assert.Equal("127.0.0.1", c.Server.Address.ToString());
            Assert.Contains(c.Server.Users, u => u.Name == "root" && u.Password == "");
            Assert.Contains(c.Server.Users, u => u.Name == "sbtest" && u.Password == "sbtest" && u.Database == "sbtest");
            Assert.Equal("percolator", c.Transactions);
        }
    }

    [Fact]
    public void The_shipped_cluster_config_is_a_cluster_with_the_sysbench_users()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Workbench.sln"))) root = Path.GetDirectoryName(root)!;
        var c = SqlServerConfig.Load(Path.Combine(root, "harness", "clusters", "inprocess3.yaml"));
        Assert.True(c.IsCluster);
        Assert.Null(c.Engine);
        Assert.Equal(4000, c.Server.Port);
        Assert.Contains(c.Server.Users, u => u.Name == "root" && u.Password == "");
        Assert.Contains(c.Server.Users, u => u.Name == "sbtest" && u.Password == "sbtest" && u.Database == "sbtest");
        Assert.Contains("sbtest", c.Server.CreateDatabases);
    }

    [Theory]
    [InlineData("engine: { name: lsm }\nsqll: {}\n", "c.yaml:2:", "unknown key 'sqll'")]
    [InlineData("engine: { name: lsm }\nsql:\n  adress: 1\n", "c.yaml:3:", "unknown key 'sql.adress'")]
    [InlineData("engine: { name: lsm }\nsql: { address: localhost }\n", "c.yaml:2:", "HOST:PORT")]
    [InlineData("engine: { name: lsm }\nnodes: []\n", "c.yaml:1:", "belongs to the single-node config")]
    [InlineData("engine: { name: lsm }\nreplicas: 3\n", "c.yaml:2:", "belongs to a cluster config")]
    [InlineData("nodes: []\ntopology: simulated\n", "c.yaml:2:", "'in-process' embeds PD and the stores")]
    [InlineData("engine: { name: lsm }\ntransactions: magic\n", "c.yaml:2:", "percolator or engine-local")]
    [InlineData("data_dir: x\n", "c.yaml", "missing key 'engine'")]
    public void Bad_configs_name_the_key_and_line(string yaml, string where, string what)
    {
        var e = Assert.Throws<ConfigException>(() => SqlServerConfig.Load(Write(yaml)));
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }
}
