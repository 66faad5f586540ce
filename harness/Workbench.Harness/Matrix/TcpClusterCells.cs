using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Workbench.Cluster.Net;
using Workbench.Cluster.Store;
using Workbench.Harness.ClusterProcess;
using Workbench.Storage.Registry;
using Workbench.Txn.Storage;
using YamlDotNet.RepresentationModel;

namespace Workbench.Harness.Matrix;

/// <summary>
/// Matrix cells on `transport: tcp` or on a cluster YAML file (`topology: FILE`): the cell writes
/// its cluster YAML into its data directory (<see cref="ClusterYaml"/>: PD, the nodes and, at layer
/// sql, the SQL server as OS processes on loopback, data directories under the cell's, each node
/// on the cell's engine or its `topology.engines` one with the txn layer's CF defaults, as the
/// in-process cluster opens them), starts it with `workbench cluster up` as a child (its messages
/// in DIR/cluster.log, not over the progress display), and <see cref="Running.Dispose"/> stops every
/// process with `cluster down` whatever happened — failure, cancellation (Ctrl-C, SIGTERM) — so no
/// process outlives its cell. Device bytes are the processes' (TcpClusterDeviceBytes), explained
/// by the nodes' ReadAttribution counters.
/// </summary>
internal static class TcpClusterCells
{
    /// <summary>Whether cells of this topology run on processes (transport tcp, or a cluster YAML file).</summary>
    public static bool IsTcp(MatrixTopology? topology) => topology is { Transport: "tcp" };

    /// <summary>A started cluster of a cell: its YAML, PD's address, the SQL server's port (layer sql); Dispose stops every process.</summary>
    public sealed class Running : IDisposable
    {
        private readonly string _log;
        private int _stopped;

        private Running(string path, string log, string pdAddress, int? sqlPort)
        {
            Path = path;
            _log = log;
            PdAddress = pdAddress;
            SqlPort = sqlPort;
            // A SIGTERM or Ctrl-C ends the matrix through cancellation (the cell's finally runs
            // Dispose); ProcessExit covers an exit that skips it.
            AppDomain.CurrentDomain.ProcessExit += OnExit;
        }

        public string Path { get; }
        public string PdAddress { get; }
        public int? SqlPort { get; }

        /// <summary>The PD, node and SQL processes now running (their pid files).</summary>
        public List<(string Role, int Pid)> Processes() => ClusterDeviceBytes.ProcessesOf(Path);

        /// <summary>Writes nothing: starts the cluster of <paramref name="path"/> (already written) and waits until it serves.</summary>
        public static Running Start(string path, string pdAddress, int? sqlPort, string dir, CancellationToken cancel)
        {
            var log = System.IO.Path.Combine(dir, "cluster.log");
            var running = new Running(path, log, pdAddress, sqlPort);
            var code = ProcessFiles.RunAttached(["cluster", "up", path, "--timeout-s", "120"], log, TimeSpan.FromSeconds(180), cancel);
            if (code != 0 || cancel.IsCancellationRequested)
            {
                var tail = Tail(log, 6);
                // Whatever `cluster up` started before it failed or was cut short goes now.
                running.Dispose();
                cancel.ThrowIfCancellationRequested();
                throw new InvalidOperationException($"`workbench cluster up {path}` failed (exit {code}): {tail}");
            }
            return running;
        }

        private void OnExit(object? sender, EventArgs e) => Dispose();

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
            AppDomain.CurrentDomain.ProcessExit -= OnExit;
            ProcessFiles.RunAttached(["cluster", "down", Path], _log, TimeSpan.FromSeconds(60));
            // `cluster down` gives each process 10 s after SIGTERM, then SIGKILL; check nothing is left.
            foreach (var (_, pid) in ClusterDeviceBytes.ProcessesOf(Path)) ProcessFiles.Stop(pid, TimeSpan.FromSeconds(5));
        }

        private static string Tail(string file, int lines)
        {
            try
            {
                var all = File.ReadAllLines(file);
                return string.Join(" | ", all.Skip(Math.Max(0, all.Length - lines)));
            }
            catch (IOException)
            {
                return "(no log)";
            }
        }
    }

    /// <summary>
    /// Stops the processes of cells a killed run (kill -9: no finally ran) left under
    /// <paramref name="dataRoot"/>, before `--resume` removes their directories.
    /// </summary>
    public static void StopLeftovers(string dataRoot)
    {
        if (!Directory.Exists(dataRoot)) return;
        foreach (var cellDir in Directory.EnumerateDirectories(dataRoot))
        {
            var path = System.IO.Path.Combine(cellDir, "cluster.yaml");
            if (!File.Exists(path)) continue;
            try
            {
                foreach (var (_, pid) in ClusterDeviceBytes.ProcessesOf(path)) ProcessFiles.Stop(pid, TimeSpan.FromSeconds(10));
            }
            catch (Cli.UsageException)
            {
                // a cluster YAML cut short by the kill: its processes, if any, wrote no pid file we could trust
            }
        }
    }

    /// <summary>Writes the cell's cluster YAML to DIR/cluster.yaml and starts it.</summary>
    public static Running Start(EngineRegistry registry, MatrixCell cell, MatrixTopology topology, string layer, string dir, CancellationToken cancel)
    {
        var path = System.IO.Path.Combine(dir, "cluster.yaml");
        File.WriteAllText(path, ClusterYaml(registry, cell, topology, layer, dir, out var pd, out var sqlPort));
        return Running.Start(path, pd, sqlPort, dir, cancel);
    }

    /// <summary>
    /// The cluster YAML of a cell (docs/cluster.md): from the topology's cluster file when it names
    /// one (its addresses, labels, replicas, raft and region settings kept), else PD and
    /// `topology.nodes` nodes on free loopback ports; in both, every data directory under
    /// <paramref name="dir"/>, each node's engine the cell's (or its `topology.engines` one) with
    /// the txn CF defaults, raft.log from the workload or topology when they say, and at layer sql
    /// a SQL server (the file's address or a free port; users root and sbtest/sbtest, database sbtest)
    /// — at other layers none.
    /// </summary>
    public static string ClusterYaml(EngineRegistry registry, MatrixCell cell, MatrixTopology topology, string layer, string dir, out string pdAddress, out int? sqlPort)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(topology);
        var ports = new HashSet<int>();
        YamlMappingNode root;
        if (topology.ClusterFile is { } file)
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file)) stream.Load(reader);
            root = (YamlMappingNode)stream.Documents[0].RootNode;
        }
        else
        {
            root = new YamlMappingNode { { "topology", "tcp" } };
            root.Add("pd", new YamlMappingNode { { "address", $"127.0.0.1:{FreePort(ports)}" } });
            var list = new YamlSequenceNode();
            for (var i = 1; i <= topology.Nodes; i++)
                list.Add(new YamlMappingNode { { "id", i.ToString(CultureInfo.InvariantCulture) }, { "address", $"127.0.0.1:{FreePort(ports)}" } });
            root.Add("nodes", list);
            root.Add("replicas", topology.Replicas.ToString(CultureInfo.InvariantCulture));
        }
        var pdMap = (YamlMappingNode)root.Children[new YamlScalarNode("pd")];
        pdMap.Children[new YamlScalarNode("data_dir")] = Quoted(System.IO.Path.Combine(dir, "pd"));
        pdAddress = ((YamlScalarNode)pdMap.Children[new YamlScalarNode("address")]).Value!;
        foreach (var n in ((YamlSequenceNode)root.Children[new YamlScalarNode("nodes")]).Children.Cast<YamlMappingNode>())
        {
            var id = int.Parse(((YamlScalarNode)n.Children[new YamlScalarNode("id")]).Value!, CultureInfo.InvariantCulture);
            n.Children[new YamlScalarNode("data_dir")] = Quoted(System.IO.Path.Combine(dir, $"node{id}"));
            n.Children[new YamlScalarNode("engine")] = EngineNode(LocalKvStore.WithTxnColumnFamilyDefaults(registry, topology.EngineOf(id, cell.Engine.Config)));
        }
        if ((cell.Workload.RaftLogInEngine ?? (topology.ClusterFile is null ? topology.RaftLogInEngine : (bool?)null)) is { } inEngine)
        {
            var raft = root.Children.TryGetValue(new YamlScalarNode("raft"), out var r) && r is YamlMappingNode rm ? rm : new YamlMappingNode();
            raft.Children[new YamlScalarNode("log")] = new YamlScalarNode(inEngine ? "engine" : "separate");
            root.Children[new YamlScalarNode("raft")] = raft;
        }
        sqlPort = null;
        if (layer == "sql")
        {
            var sql = root.Children.TryGetValue(new YamlScalarNode("sql"), out var s) && s is YamlMappingNode sm ? sm : new YamlMappingNode();
            if (!sql.Children.TryGetValue(new YamlScalarNode("address"), out var a)) sql.Children[new YamlScalarNode("address")] = a = new YamlScalarNode($"127.0.0.1:{FreePort(ports)}");
            var address = ((YamlScalarNode)a).Value!;
            sqlPort = int.Parse(address[(address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
            sql.Children[new YamlScalarNode("users")] = new YamlSequenceNode(
                new YamlMappingNode { { "user", "root" }, { "password", Quoted("") } },
                new YamlMappingNode { { "user", "sbtest" }, { "password", "sbtest" }, { "database", "sbtest" } });
            sql.Children[new YamlScalarNode("create_databases")] = new YamlSequenceNode(new YamlScalarNode("sbtest"));
            root.Children[new YamlScalarNode("sql")] = sql;
            root.Children[new YamlScalarNode("data_dir")] = Quoted(System.IO.Path.Combine(dir, "sql"));
        }
        else
        {
            // No SQL process below layer sql: its bytes would be no part of the workload.
            root.Children.Remove(new YamlScalarNode("sql"));
            root.Children.Remove(new YamlScalarNode("data_dir"));
        }
        var text = new StringWriter(CultureInfo.InvariantCulture);
        text.WriteLine("# Written by a matrix cell (docs/matrix.md \"Transport\"); started and stopped by the cell.");
        new YamlStream(new YamlDocument(root)).Save(text, assignAnchors: false);
        return text.ToString();
    }

    private static YamlMappingNode EngineNode(EngineConfig engine)
    {
        var m = new YamlMappingNode { { "name", engine.Name } };
        if (engine.OptionsOrEmpty.Count > 0) m.Add("options", Options(engine.OptionsOrEmpty));
        if (engine.ColumnFamilyOptions is { Count: > 0 } cfs)
        {
            var c = new YamlMappingNode();
            foreach (var (cf, o) in cfs)
                if (ColumnFamilies.All.Contains(cf, StringComparer.Ordinal)) c.Add(cf, Options(o));
            m.Add("column_families", c);
        }
        return m;
    }

    private static YamlMappingNode Options(IReadOnlyDictionary<string, string> options)
    {
        var m = new YamlMappingNode();
        foreach (var (k, v) in options) m.Add(k, Quoted(v));
        return m;
    }

    private static YamlScalarNode Quoted(string s) => new(s) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted };

    /// <summary>A port free now on 127.0.0.1 (not one this cell already chose).</summary>
    private static int FreePort(HashSet<int> taken)
    {
        while (true)
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            if (taken.Add(port)) return port;
        }
    }

    /// <summary>A client connection to the cell's cluster and its device-byte reader (flush + /proc + ReadAttribution around each phase).</summary>
    public static (TcpCluster Cluster, TcpClusterDeviceBytes Device, List<(string Role, int Pid)> Processes) Connect(Running running)
    {
        ArgumentNullException.ThrowIfNull(running);
        var processes = running.Processes();
        var cluster = TcpCluster.Connect(running.PdAddress);
        return (cluster, new TcpClusterDeviceBytes(cluster.PdRpc, processes), processes);
    }

    /// <summary>"CLUSTER  - tcp, PD …, processes: pd pid N, node 1 pid M, …" for the cell's statistics.</summary>
    public static string Describe(Running running, IReadOnlyList<(string Role, int Pid)> processes) =>
        $"CLUSTER  - tcp (processes), PD {running.PdAddress}, cluster YAML {running.Path}; processes: {string.Join(", ", processes.Select(p => $"{p.Role} pid {p.Pid}"))}\n";
}
