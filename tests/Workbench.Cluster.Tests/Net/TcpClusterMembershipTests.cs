using System.Text;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Net;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Net;

/// <summary>
/// `workbench cluster add-node` and `decommission` on a running cluster of real processes: a
/// standby node joins, a node holding data is decommissioned (Offline → its peer moved to the
/// new node → Tombstone, its process stopped), and every write still reads back; `cluster status`
/// shows the tombstone; metrics are served by PD and the nodes.
/// </summary>
public sealed class TcpClusterMembershipTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Decommission_of_a_node_with_data_moves_its_peers_and_leaves_a_tombstone()
    {
        using var c = new TcpTestCluster(output, ["lsm", "lsm", "lsm"], standby: 1, sql: true);
        c.Run("cluster", "up", c.ConfigPath, "--timeout-s", "90");
        Assert.Null(c.Pid(4)); // standby: not started by up
        await using var cluster = TcpCluster.Connect(c.PdAddress);
        var client = cluster.NewRawClient(7, maxBackoffMs: 60_000);
        for (var i = 0; i < 300; i++) await client.PutAsync(Encoding.UTF8.GetBytes($"k{i:D4}"), Encoding.UTF8.GetBytes($"value {i}"));

        // YCSB clients against the running processes (`ycsb --pd`): raw, and one Percolator
        // transaction per operation (async commit and 1PC need the nodes' max_ts sync with PD).
        foreach (var layer in new[] { "raft", "txn" })
        {
            var (ycsbCode, ycsbText) = c.Workbench("ycsb", "run", "--load", "--workload", Path.Combine(RepositoryRoot(), "workloads", "ycsb", "workloada"),
                "--layer", layer, "--pd", c.PdAddress, "--threads", "2", "-p", "recordcount=200", "-p", "operationcount=300");
            Assert.True(ycsbCode == 0, ycsbText + c.Logs());
            Assert.Contains("TOTAL", ycsbText, StringComparison.Ordinal);
            Assert.DoesNotContain("READ_NOT_FOUND", ycsbText, StringComparison.Ordinal);
        }

        // The SQL role `cluster up` started (sql-server joined the cluster): the real mariadb client through it.
        var sql = Mariadb(c.SqlPort, "CREATE DATABASE d; CREATE TABLE d.t (id INT PRIMARY KEY, v VARCHAR(10)); INSERT INTO d.t VALUES (1, 'x'), (2, 'y'), (40, 'z'); SELECT SUM(id) FROM d.t");
        if (sql is not null) Assert.Contains("43", sql, StringComparison.Ordinal);

        c.Run("cluster", "add-node", c.ConfigPath, "--id", "4");
        var st = await c.StatusAsync();
        var victim = st.Regions.Single().Region.Peers.Select(p => p.StoreId).First(id => id != st.Regions.Single().Leader.StoreId);
        var (code, text) = c.Workbench("cluster", "decommission", c.ConfigPath, "--id", victim.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout-s", "90");
        Assert.True(code == 0, text + c.Logs());
        Assert.Contains($"store {victim} is Tombstone", text);

        st = await c.StatusAsync();
        Assert.Equal(StoreState.Tombstone, st.Stores.Single(s => s.Store.Id == victim).Store.State);
        var peers = st.Regions.Single().Region.Peers.Select(p => p.StoreId).Order().ToList();
        Assert.DoesNotContain(victim, peers);
        Assert.Contains(4UL, peers);
        Assert.Null(c.Pid(victim) is { } pid && File.Exists($"/proc/{pid}/cmdline") ? pid : null);
        for (var i = 0; i < 300; i++) Assert.Equal($"value {i}", Encoding.UTF8.GetString((await client.GetAsync(Encoding.UTF8.GetBytes($"k{i:D4}")))!));

        if (sql is not null) Assert.Contains("43", Mariadb(c.SqlPort, "SELECT SUM(id) FROM d.t")!, StringComparison.Ordinal);

        var (statusCode, table) = c.Workbench("cluster", "status", c.ConfigPath);
        Assert.Equal(0, statusCode);
        Assert.Matches($@"(?m)^\s+{victim}\s+127\.0\.0\.1:\d+\s+lsm\s+0\s+0\s+.*Tombstone", table);
        // The new node received the region by snapshot: its metrics say so.
        Assert.True(await c.MetricAsync(4, "workbench_snapshot_bytes{store=\"4\",engine=\"lsm\",direction=\"received\"}") > 0);
        Assert.Equal(1, await c.MetricAsync(4, "workbench_store_regions{"));
        Assert.Equal(1, await c.MetricAtAsync(c.PdStatusAddress, "workbench_pd_stores{state=\"Tombstone\"}"));
        Assert.True(await c.MetricAtAsync(c.PdStatusAddress, "workbench_pd_operators_created{kind=\"replica\"}") >= 1);
    }

    /// <summary>Runs statements through the real `mariadb` client (stdout), or null when it is not installed (./run.sh test installs mariadb-client).</summary>
    private string? Mariadb(int port, string statements)
    {
        if (!File.Exists("/usr/bin/mariadb"))
        {
            output.WriteLine("SKIPPED (SQL part): the mariadb client is not installed");
            return null;
        }
        var psi = new System.Diagnostics.ProcessStartInfo("/usr/bin/mariadb") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-h", "127.0.0.1", "-P", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-u", "root", "-e", statements }) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "mariadb did not finish within 60 s");
        Assert.True(p.ExitCode == 0, $"mariadb exited {p.ExitCode}: {stderr.Result}");
        return stdout;
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Workbench.sln"))) return d.FullName;
        throw new InvalidOperationException($"no Workbench.sln above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void A_bad_config_or_an_unreachable_pd_is_one_line_and_a_nonzero_exit()
    {
        using var c = new TcpTestCluster(output, ["lsm", "lsm", "lsm"], standby: 0);
        var (code, text) = c.Workbench("cluster", "status", c.ConfigPath);
        Assert.Equal(1, code);
        Assert.Equal($"workbench cluster status: PD at {c.PdAddress} is unreachable:", text.Trim().Split('\n').Single()[..(text.IndexOf("unreachable:", StringComparison.Ordinal) + 12)]);
        var bad = Path.Combine(c.Dir, "bad.yaml");
        File.WriteAllText(bad, "topology: in-process\nnodes:\n  - { id: 1, address: 127.0.0.1:1, engine: { name: memory } }\nreplicas: 1\n");
        (code, text) = c.Workbench("cluster", "up", bad);
        Assert.Equal(2, code);
        Assert.Contains("topology is 'in-process'", text);
        (code, text) = c.Workbench("node", "--config", c.ConfigPath, "--id", "9");
        Assert.Equal(2, code);
        Assert.Contains("has no node with id 9", text);
    }
}
