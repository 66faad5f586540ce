using System.Globalization;
using System.Text;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Net;
using Workbench.Cluster.Store;
using Workbench.Cluster.Topology;
using Workbench.Harness.Cli;

namespace Workbench.Harness.ClusterProcess;

/// <summary>
/// `workbench cluster up|status|down|add-node|decommission FILE`: a local tcp cluster of processes
/// (PD and one process per node, detached, pid and log files in their data directories), its
/// status from PD, and changes while it runs.
/// </summary>
internal sealed class ClusterVerb : IVerb
{
    public string Name => "cluster";
    public string Summary => "start, inspect, change and stop a local tcp cluster of processes (up|status|down|add-node|decommission)";

    public string Help => """
        usage: workbench cluster up FILE [--timeout-s 60]
               workbench cluster status FILE
               workbench cluster down FILE
               workbench cluster add-node FILE --id N [--timeout-s 60]
               workbench cluster decommission FILE --id N [--timeout-s 300] [--no-wait]

        FILE is a cluster YAML with `topology: tcp` (e.g. harness/clusters/local3.yaml).

        up            starts PD (`workbench pd`) and every node without `standby: true`
                      (`workbench node`) as detached processes — pid and log files in each data
                      directory (pd.pid/pd.log, node.pid/node.log) — waits until every region has
                      a leader; then, when FILE has a `sql:` section, the SQL server (`workbench
                      sql-server --config FILE`, the TiDB role; sql.pid/sql.log under FILE's
                      data_dir, default data/sql) until it accepts connections; prints the addresses.
        status        asks PD: a table of stores (id, address, engine, regions, leaders, size,
                      state, last heartbeat, pid), the device bytes each PD, node and SQL process
                      wrote (/proc/<pid>/io write_bytes since it started) and of regions (id, range,
                      epoch, peers, leader).
        down          stops every process of FILE (SIGTERM, SIGKILL after 10 s). Data stays.
        add-node      starts node N of FILE that is not running (a standby node, or one that was
                      stopped or killed) and waits until PD sees its store up.
        decommission  `store delete N`: PD marks the store Offline, moves its peers to other
                      stores, and marks it Tombstone when it holds none; waits for Tombstone
                      (unless --no-wait), then stops the node's process.

        Relative data directories are relative to the working directory. A bad FILE or an
        unreachable PD prints one line and exits non-zero.

        """;

    public int Run(IReadOnlyList<string> args)
    {
        var p = new ArgParser().Option("id").Option("timeout-s").Flag("no-wait").Parse(args);
        if (p.Positionals.Count == 0) throw new UsageException("a subcommand is required: up, status, down, add-node or decommission");
        var sub = p.Positionals[0];
        var path = p.Positionals.Count > 1 ? p.Positionals[1] : null;
        if (p.Positionals.Count > 2) throw new UsageException($"unexpected argument '{p.Positionals[2]}'");
        if (sub is not ("up" or "status" or "down" or "add-node" or "decommission"))
            throw new UsageException($"unknown subcommand '{sub}'; subcommands: up, status, down, add-node, decommission");
        var config = ClusterConfigFile.LoadTcp(path, "cluster " + sub);
        return sub switch
        {
            "up" => Up(config, path!, TimeSpan.FromSeconds(p.GetInt("timeout-s", 60))),
            "status" => Status(config, path!) is var code && code == 0 ? PrintSqlThen(path!, code) : code,
            "down" => Down(config, path!),
            "add-node" => AddNode(config, ClusterConfigFile.Node(config, p.Get("id"), path!), path!, TimeSpan.FromSeconds(p.GetInt("timeout-s", 60))),
            _ => Decommission(config, ClusterConfigFile.Node(config, p.Get("id"), path!), TimeSpan.FromSeconds(p.GetInt("timeout-s", 300)), !p.Has("no-wait")),
        };
    }

    private static string PdDir(ClusterConfig c) => Path.GetFullPath(c.PdDataDir);

    private static string NodeDir(NodeConfig n) => Path.GetFullPath(n.DataDirOrDefault);

    private static int Up(ClusterConfig config, string path, TimeSpan timeout)
    {
        var configPath = Path.GetFullPath(path);
        var started = new List<(string Role, string Dir, System.Diagnostics.Process Process)>();
        if (ProcessFiles.RunningPid(PdDir(config), "pd") is { } pdPid) Console.WriteLine($"pd already running (pid {pdPid})");
        else started.Add(("pd", PdDir(config), StartPd(config, configPath)));
        foreach (var n in config.Nodes.Where(n => !n.Standby))
        {
            if (ProcessFiles.RunningPid(NodeDir(n), "node") is { } pid) Console.WriteLine($"node {n.Id} already running (pid {pid})");
            else started.Add(($"node {n.Id}", NodeDir(n), StartNode(n, configPath)));
        }
        try
        {
            using var cluster = TcpCluster.Connect(config.PdAddress);
            var deadline = DateTime.UtcNow + timeout;
            string waitingFor = "PD";
            while (true)
            {
                foreach (var (role, dir, process) in started)
                    if (process.HasExited)
                    {
                        Console.Error.WriteLine($"workbench cluster up: {role} exited at start; its log {ProcessFiles.LogFile(dir, role.StartsWith("node", StringComparison.Ordinal) ? "node" : "pd")} ends with:");
                        Console.Error.WriteLine(Tail(ProcessFiles.LogFile(dir, role.StartsWith("node", StringComparison.Ordinal) ? "node" : "pd"), 5));
                        return 1;
                    }
                GetClusterStatusResponse? st = null;
                try
                {
                    st = cluster.Pd.GetClusterStatusAsync().GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is IOException or TimeoutException)
                {
                    waitingFor = $"PD at {config.PdAddress} ({e.Message})";
                }
                if (st is not null)
                {
                    var initial = config.Nodes.Where(n => !n.Standby).Select(n => n.Id).ToHashSet();
                    var upStores = st.Stores.Count(s => initial.Contains(s.Store.Id) && s.Store.State == StoreState.Up);
                    var leaderless = st.Regions.Count(r => r.Leader is null || r.Leader.Id == 0);
                    if (st.Regions.Count > 0 && leaderless == 0 && upStores == initial.Count) break;
                    waitingFor = st.Regions.Count == 0 ? $"the bootstrap ({upStores} of {initial.Count} stores registered)" : $"leaders ({leaderless} of {st.Regions.Count} regions have none)";
                }
                if (DateTime.UtcNow > deadline)
                {
                    Console.Error.WriteLine($"workbench cluster up: still waiting for {waitingFor} after {timeout.TotalSeconds:F0} s; logs are in the data directories (pd.log, node.log); `workbench cluster down {path}` stops what started");
                    return 1;
                }
                Thread.Sleep(100); // poll interval of the readiness condition
            }
        }
        finally
        {
            foreach (var (_, _, process) in started) process.Dispose();
        }
        if (StartSql(path, configPath, timeout) is { } failed) return failed;
        Console.WriteLine($"cluster up: {config.Nodes.Count(n => !n.Standby)} nodes, {config.Replicas} replicas");
        PrintAddresses(config);
        PrintSql(path);
        return 0;
    }

    /// <summary>The SQL (TiDB) role of FILE when it has a `sql:` section: its config and data directory (pid and log files), or null.</summary>
    private static SqlServer.SqlServerConfig? SqlRole(string path)
    {
        try
        {
            var sql = SqlServer.SqlServerConfig.Load(path);
            return sql.HasSqlSection && sql.JoinsTcpCluster ? sql : null;
        }
        catch (SqlServer.ConfigException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Starts `workbench sql-server --config FILE` (it joins the cluster) and waits until it accepts connections; an exit code on failure, null when started or not configured.</summary>
    private static int? StartSql(string path, string configPath, TimeSpan timeout)
    {
        if (SqlRole(path) is not { } sql) return null;
        var dir = sql.DataDirectory;
        if (ProcessFiles.RunningPid(dir, "sql") is { } running)
        {
            Console.WriteLine($"sql already running (pid {running})");
            return null;
        }
        Directory.CreateDirectory(dir);
        using var process = ProcessFiles.StartDetached(["sql-server", "--config", configPath], ProcessFiles.LogFile(dir, "sql"));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                Console.Error.WriteLine($"workbench cluster up: the sql server exited at start; its log {ProcessFiles.LogFile(dir, "sql")} ends with:");
                Console.Error.WriteLine(Tail(ProcessFiles.LogFile(dir, "sql"), 5));
                return 1;
            }
            if (ProcessFiles.RunningPid(dir, "sql") is not null && Accepts(sql.Server.Address, sql.Server.Port)) return null;
            if (DateTime.UtcNow > deadline)
            {
                Console.Error.WriteLine($"workbench cluster up: the sql server does not accept connections on {sql.Server.Address}:{sql.Server.Port} after {timeout.TotalSeconds:F0} s; see {ProcessFiles.LogFile(dir, "sql")}");
                return 1;
            }
            Thread.Sleep(100); // poll interval of the readiness condition
        }
    }

    private static bool Accepts(System.Net.IPAddress address, int port)
    {
        try
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Connect(address, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static int PrintSqlThen(string path, int code)
    {
        PrintSql(path);
        return code;
    }

    private static void PrintSql(string path)
    {
        if (SqlRole(path) is not { } sql) return;
        var pid = ProcessFiles.RunningPid(sql.DataDirectory, "sql");
        Console.WriteLine($"  sql     {sql.Server.Address}:{sql.Server.Port,-11} pid {Pid(pid),-7} (MySQL protocol; e.g. mariadb -h {sql.Server.Address} -P {sql.Server.Port} -u root)");
    }

    /// <summary>Stops FILE's SQL role if it runs: 1 stopped, 0 not running, -1 did not stop.</summary>
    private static int StopSql(string path)
    {
        if (SqlRole(path) is not { } sql || ProcessFiles.RunningPid(sql.DataDirectory, "sql") is not { } pid) return 0;
        if (ProcessFiles.Stop(pid, TimeSpan.FromSeconds(10))) return 1;
        Console.Error.WriteLine($"workbench cluster down: sql (pid {pid}) did not stop");
        return -1;
    }

    private static System.Diagnostics.Process StartPd(ClusterConfig config, string configPath)
    {
        var dir = PdDir(config);
        Directory.CreateDirectory(dir);
        return ProcessFiles.StartDetached(["pd", "--config", configPath], ProcessFiles.LogFile(dir, "pd"));
    }

    private static System.Diagnostics.Process StartNode(NodeConfig n, string configPath)
    {
        var dir = NodeDir(n);
        Directory.CreateDirectory(dir);
        return ProcessFiles.StartDetached(["node", "--config", configPath, "--id", n.Id.ToString(CultureInfo.InvariantCulture)], ProcessFiles.LogFile(dir, "node"));
    }

    private static void PrintAddresses(ClusterConfig config)
    {
        var pid = ProcessFiles.RunningPid(PdDir(config), "pd");
        Console.WriteLine($"  pd      {config.PdAddress,-21} pid {Pid(pid),-7} metrics {Metrics(config.PdStatusAddress)}  data {PdDir(config)}");
        foreach (var n in config.Nodes)
        {
            var npid = ProcessFiles.RunningPid(NodeDir(n), "node");
            Console.WriteLine($"  node {n.Id,-2} {n.Address,-21} pid {Pid(npid),-7} metrics {Metrics(n.StatusAddress)}  engine {n.Engine}{(n.Standby && npid is null ? " (standby)" : "")}");
        }
        Console.WriteLine($"clients: --pd {config.PdAddress}");
    }

    private static string Pid(int? pid) => pid?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private static string Metrics(string? status) => status is null ? "-" : $"http://{status}/metrics";

    private static int Status(ClusterConfig config, string path)
    {
        using var cluster = TcpCluster.Connect(config.PdAddress);
        GetClusterStatusResponse st;
        try
        {
            st = cluster.Pd.GetClusterStatusAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            Console.Error.WriteLine($"workbench cluster status: PD at {config.PdAddress} is unreachable: {e.Message}");
            return 1;
        }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"pd {config.PdAddress}: {st.Stores.Count} stores, {st.Regions.Count} regions, {st.OperatorsPending} operators pending" +
            (st.OperatorsByKind.Count > 0 ? $" (created: {string.Join(", ", st.OperatorsByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))})" : ""));
        Console.WriteLine();
        Console.WriteLine($"{"store",5}  {"address",-21} {"engine",-10} {"regions",7} {"leaders",7} {"size",10}  {"state",-9} {"heartbeat",9}  {"pid",7}");
        foreach (var s in st.Stores)
        {
            var node = config.Nodes.FirstOrDefault(n => n.Id == s.Store.Id);
            var pid = node is null ? null : ProcessFiles.RunningPid(NodeDir(node), "node");
            Console.WriteLine(string.Create(inv, $"{s.Store.Id,5}  {s.Store.Address,-21} {s.Store.Engine,-10} {s.Regions,7} {s.Leaders,7:F0} {Size(s.RegionBytes),10}  {PdMetrics.StateName(s.Store.State),-9} {s.SecondsSinceHeartbeat,8:F1}s  {Pid(pid),7}"));
        }
        Console.WriteLine();
        // Flush first, so bytes the engines still hold in memtables are on disk and in write_bytes.
        var processes = ClusterPids(config, path);
        foreach (var f in TcpClusterDeviceBytes.FlushNodes(cluster.PdRpc, processes))
            Console.Error.WriteLine($"workbench cluster status: store {f.StoreId} did not flush its engine: {f.Error}");
        Console.WriteLine(ClusterDeviceBytes.Describe(ClusterDeviceBytes.Read(processes)));
        Console.WriteLine();
        Console.WriteLine($"{"region",6}  {"start",-18} {"end",-18} {"epoch",-7} {"leader",6}  peers (id@store, L = learner)");
        foreach (var r in st.Regions)
        {
            var reg = r.Region;
            var peers = string.Join(" ", reg.Peers.Select(x => $"{x.Id}@{x.StoreId}{(x.Role == PeerRole.Learner ? "L" : "")}"));
            var leader = r.Leader is { Id: not 0 } l ? $"{l.StoreId}" : "-";
            Console.WriteLine($"{reg.Id,6}  {Key(reg.StartKey),-18} {Key(reg.EndKey),-18} {reg.RegionEpoch.ConfVer + "/" + reg.RegionEpoch.Version,-7} {leader,6}  {peers}");
        }
        return 0;
    }

    /// <summary>The running PD, node and SQL server processes of the config (from their pid files).</summary>
    internal static List<(string Role, int Pid)> ClusterPids(ClusterConfig config, string path)
    {
        var pids = new List<(string, int)>();
        if (ProcessFiles.RunningPid(PdDir(config), "pd") is { } pd) pids.Add(("pd", pd));
        foreach (var n in config.Nodes)
            if (ProcessFiles.RunningPid(NodeDir(n), "node") is { } pid) pids.Add(($"node {n.Id}", pid));
        if (SqlRole(path) is { } sql && ProcessFiles.RunningPid(sql.DataDirectory, "sql") is { } sqlPid) pids.Add(("sql", sqlPid));
        return pids;
    }

    private static string Key(Google.Protobuf.ByteString k)
    {
        if (k.IsEmpty) return "-";
        var printable = true;
        foreach (var b in k.Span) printable &= b is >= 0x21 and < 0x7F;
        var s = printable ? k.ToStringUtf8() : RegionChecks.Hex(k.Span);
        return s.Length > 18 ? s[..17] + "…" : s;
    }

    private static string Size(ulong bytes) => bytes switch
    {
        >= 1UL << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1UL << 30):F1} GiB"),
        >= 1UL << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1UL << 20):F1} MiB"),
        >= 1UL << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KiB"),
        _ => $"{bytes} B",
    };

    private static int Down(ClusterConfig config, string path)
    {
        var failed = 0;
        var stopped = 0;
        // The SQL role first (a client of the nodes), then nodes, PD last.
        switch (StopSql(path))
        {
            case 1: stopped++; break;
            case -1: failed++; break;
        }
        // Nodes first (they report to PD while stopping), PD last.
        foreach (var n in config.Nodes)
            if (ProcessFiles.RunningPid(NodeDir(n), "node") is { } pid)
            {
                if (ProcessFiles.Stop(pid, TimeSpan.FromSeconds(10))) stopped++;
                else
                {
                    failed++;
                    Console.Error.WriteLine($"workbench cluster down: node {n.Id} (pid {pid}) did not stop");
                }
            }
        if (ProcessFiles.RunningPid(PdDir(config), "pd") is { } pdPid)
        {
            if (ProcessFiles.Stop(pdPid, TimeSpan.FromSeconds(10))) stopped++;
            else
            {
                failed++;
                Console.Error.WriteLine($"workbench cluster down: pd (pid {pdPid}) did not stop");
            }
        }
        Console.WriteLine(stopped == 0 && failed == 0 ? "cluster down: nothing was running" : $"cluster down: stopped {stopped} processes; data kept in the data directories");
        return failed == 0 ? 0 : 1;
    }

    private static int AddNode(ClusterConfig config, NodeConfig node, string path, TimeSpan timeout)
    {
        if (ProcessFiles.RunningPid(NodeDir(node), "node") is { } running)
        {
            Console.Error.WriteLine($"workbench cluster add-node: node {node.Id} already runs (pid {running})");
            return 1;
        }
        using var cluster = TcpCluster.Connect(config.PdAddress);
        if (!PdReachable(cluster, config, "add-node")) return 1;
        using var process = StartNode(node, Path.GetFullPath(path));
        var pid = process.Id;
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                Console.Error.WriteLine($"workbench cluster add-node: node {node.Id} exited at start; {ProcessFiles.LogFile(NodeDir(node), "node")} ends with:");
                Console.Error.WriteLine(Tail(ProcessFiles.LogFile(NodeDir(node), "node"), 5));
                return 1;
            }
            try
            {
                var st = cluster.Pd.GetClusterStatusAsync().GetAwaiter().GetResult();
                var s = st.Stores.FirstOrDefault(x => x.Store.Id == node.Id);
                if (s is not null && s.Store.State == StoreState.Up && s.SecondsSinceHeartbeat < 5 && ProcessFiles.RunningPid(NodeDir(node), "node") is not null) break;
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                // PD busy: keep waiting until the deadline
            }
            if (DateTime.UtcNow > deadline)
            {
                Console.Error.WriteLine($"workbench cluster add-node: node {node.Id} did not come up within {timeout.TotalSeconds:F0} s; see {ProcessFiles.LogFile(NodeDir(node), "node")}");
                return 1;
            }
            Thread.Sleep(100); // poll interval of the condition
        }
        Console.WriteLine($"node {node.Id} up: {node.Address}, engine {node.Engine}, pid {pid}; PD moves regions to it as it balances");
        return 0;
    }

    private static bool PdReachable(TcpCluster cluster, ClusterConfig config, string verb)
    {
        try
        {
            cluster.Pd.GetClusterStatusAsync().GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            Console.Error.WriteLine($"workbench cluster {verb}: PD at {config.PdAddress} is unreachable: {e.Message}");
            return false;
        }
    }

    private static int Decommission(ClusterConfig config, NodeConfig node, TimeSpan timeout, bool wait)
    {
        using var cluster = TcpCluster.Connect(config.PdAddress);
        try
        {
            cluster.Pd.SetStoreStateAsync(node.Id, StoreState.Offline).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            Console.Error.WriteLine($"workbench cluster decommission: PD at {config.PdAddress} is unreachable: {e.Message}");
            return 1;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"workbench cluster decommission: PD refused: {e.Message}");
            return 1;
        }
        Console.WriteLine($"store {node.Id} is Offline; PD moves its peers away");
        if (!wait) return 0;
        var deadline = DateTime.UtcNow + timeout;
        var lastRegions = -1;
        while (true)
        {
            StoreStatus? s = null;
            try
            {
                s = cluster.Pd.GetClusterStatusAsync().GetAwaiter().GetResult().Stores.FirstOrDefault(x => x.Store.Id == node.Id);
            }
            catch (Exception e) when (e is IOException or TimeoutException)
            {
                // PD busy: keep waiting until the deadline
            }
            if (s is not null && s.Store.State == StoreState.Tombstone) break;
            if (s is not null && (int)s.Regions != lastRegions)
            {
                lastRegions = (int)s.Regions;
                Console.WriteLine($"  store {node.Id}: {lastRegions} regions left");
            }
            if (DateTime.UtcNow > deadline)
            {
                Console.Error.WriteLine($"workbench cluster decommission: store {node.Id} still holds {lastRegions} regions after {timeout.TotalSeconds:F0} s (it stays Offline; PD keeps moving)");
                return 1;
            }
            Thread.Sleep(200); // poll interval of the condition
        }
        Console.WriteLine($"store {node.Id} is Tombstone");
        if (ProcessFiles.RunningPid(NodeDir(node), "node") is { } pid)
        {
            ProcessFiles.Stop(pid, TimeSpan.FromSeconds(10));
            Console.WriteLine($"node {node.Id} stopped (pid {pid}); its data directory is kept");
        }
        return 0;
    }

    private static string Tail(string file, int lines)
    {
        try
        {
            var all = File.ReadAllLines(file);
            var sb = new StringBuilder();
            foreach (var l in all.Skip(Math.Max(0, all.Length - lines))) sb.Append("  ").AppendLine(l);
            return sb.ToString().TrimEnd();
        }
        catch (IOException)
        {
            return "  (no log)";
        }
    }
}
