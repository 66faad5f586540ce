using System.Globalization;
using Workbench.Cluster.Store;
using Workbench.Storage.Errors;
using Workbench.Storage.Registry;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Cluster.Topology;

/// <summary>
/// Reads a cluster YAML (DESIGN.md §5.3 shape). Every problem is collected and reported with its
/// line and key before anything starts — unknown keys, wrong types, duplicate ids or addresses,
/// unknown engines or engine options (through the <see cref="EngineRegistry"/>), too few nodes for
/// the replica count — as <see cref="ClusterConfigException"/>, one line per problem.
/// </summary>
public sealed class ClusterConfigLoader(EngineRegistry registry)
{
    private static readonly string[] TopKeys = ["topology", "pd", "nodes", "replicas", "raft", "region", "snapshot", "flow_control", "sql", "gc", "data_dir"];  // sql and data_dir belong to the SQL role (sql-server), read by its own config
    private readonly List<string> _errors = [];
    private string _source = "";

    /// <summary>Loads and validates the YAML file at <paramref name="path"/>; a missing file or any problem throws <see cref="ClusterConfigException"/>.</summary>
    public ClusterConfig LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigException($"{path}: cannot read the cluster config: {e.Message}");
        }
        return Load(text, path);
    }

    /// <summary>Loads and validates <paramref name="yaml"/>; <paramref name="sourceName"/> names it in the problem lines.</summary>
    public ClusterConfig Load(string yaml, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        _errors.Clear();
        _source = sourceName;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ClusterConfigException($"{sourceName}:{e.Start.Line}: yaml: {e.InnerException?.Message ?? e.Message}");
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ClusterConfigException($"{sourceName}:1: the cluster config must be one YAML mapping (pd, nodes, replicas, raft, region)");
        CheckKeys(root, TopKeys, "");
        var topology = Scalar(root, "topology") ?? "in-process";
        if (topology is not ("in-process" or "simulated" or "tcp")) Error(root, "topology", $"must be in-process, simulated or tcp, got '{topology}'");
        string pdAddress = "127.0.0.1:2379", pdDir = "data/pd";
        string? pdStatus = null;
        if (Map(root, "pd") is { } pd)
        {
            CheckKeys(pd, ["address", "data_dir", "status_address"], "pd.");
            pdAddress = Scalar(pd, "address") ?? pdAddress;
            pdDir = Scalar(pd, "data_dir") ?? pdDir;
            CheckAddress(pd, "pd.address", pdAddress);
            pdStatus = Scalar(pd, "status_address");
            if (pdStatus is not null) CheckAddress(pd, "pd.status_address", pdStatus);
        }
        var replicas = Int(root, "replicas", 3, 1, 7);
        var nodes = ParseNodes(root);
        if (nodes.Count > 0 && nodes.Count < replicas) Error(root, "replicas", $"{replicas} replicas need at least {replicas} nodes, the config has {nodes.Count}");
        bool logInEngine = false;
        int tickMs = 100, election = 10, heartbeat = 2;
        if (Map(root, "raft") is { } raft)
        {
            CheckKeys(raft, ["log", "tick_ms", "election_tick", "heartbeat_tick"], "raft.");
            var log = Scalar(raft, "log") ?? "separate";
            if (log is not ("separate" or "engine")) Error(raft, "raft.log", $"must be separate or engine, got '{log}'");
            logInEngine = log == "engine";
            tickMs = Int(raft, "tick_ms", 100, 1, 10_000, "raft.");
            election = Int(raft, "election_tick", 10, 3, 1000, "raft.");
            heartbeat = Int(raft, "heartbeat_tick", 2, 1, 1000, "raft.");
            if (heartbeat >= election) Error(raft, "raft.heartbeat_tick", $"must be below election_tick ({election})");
        }
        long splitSize = 8 << 20, splitKeys = 80_000;
        if (Map(root, "region") is { } region)
        {
            CheckKeys(region, ["split_size", "split_keys"], "region.");
            if (Scalar(region, "split_size") is { } s)
            {
                if (TryParseSize(s, out var bytes) && bytes >= 1024) splitSize = bytes;
                else Error(region, "region.split_size", $"must be a size of at least 1KiB such as 8MiB, got '{s}'");
            }
            splitKeys = Int(region, "split_keys", 80_000, 10, int.MaxValue, "region.");
        }
        // snapshot: flow control of region snapshots (Store/FORMAT.md); 0 bytes per second = unlimited.
        var defaults = new ClusterConfig();
        int chunk = defaults.SnapshotChunkBytes, sends = defaults.SnapshotConcurrentSends, receives = defaults.SnapshotConcurrentReceives;
        var snapRate = defaults.SnapshotMaxBytesPerSec;
        if (Map(root, "snapshot") is { } snap)
        {
            CheckKeys(snap, ["chunk_size", "max_bytes_per_sec", "concurrent_send", "concurrent_recv"], "snapshot.");
            if (Scalar(snap, "chunk_size") is { } cs)
            {
                if (TryParseSize(cs, out var b) && b is >= 256 and <= 64 << 20) chunk = (int)b;
                else Error(snap, "snapshot.chunk_size", $"must be a size from 256B to 64MiB such as 1MiB, got '{cs}'");
            }
            if (Scalar(snap, "max_bytes_per_sec") is { } rs)
            {
                if (TryParseSize(rs, out var b) && b >= 0) snapRate = b;
                else Error(snap, "snapshot.max_bytes_per_sec", $"must be a size such as 100MiB (0 = unlimited), got '{rs}'");
            }
            sends = Int(snap, "concurrent_send", sends, 1, 1024, "snapshot.");
            receives = Int(snap, "concurrent_recv", receives, 1, 1024, "snapshot.");
        }
        var flow = ParseFlowControl(root);
        CheckTcp(root, topology, pdAddress, pdStatus, nodes, replicas);
        if (_errors.Count > 0) throw new ClusterConfigException(string.Join(Environment.NewLine, _errors));
        return new ClusterConfig
        {
            SnapshotChunkBytes = chunk,
            SnapshotMaxBytesPerSec = snapRate,
            SnapshotConcurrentSends = sends,
            SnapshotConcurrentReceives = receives,
            FlowControl = flow,
            Topology = topology,
            PdAddress = pdAddress,
            PdDataDir = pdDir,
            PdStatusAddress = pdStatus,
            Nodes = nodes,
            Replicas = replicas,
            RaftLogInEngine = logInEngine,
            TickMs = tickMs,
            ElectionTick = election,
            HeartbeatTick = heartbeat,
            SplitSizeBytes = splitSize,
            SplitKeys = splitKeys,
        };
    }

    private List<NodeConfig> ParseNodes(YamlMappingNode root)
    {
        var result = new List<NodeConfig>();
        var key = new YamlScalarNode("nodes");
        if (!root.Children.TryGetValue(key, out var node))
        {
            Error(root, "nodes", "is required (a list of { id, address, engine })");
            return result;
        }
        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            Error(node, "nodes", "must be a non-empty list of { id, address, engine }");
            return result;
        }
        var ids = new HashSet<ulong>();
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var prefix = $"nodes[{i}].";
            if (seq.Children[i] is not YamlMappingNode m)
            {
                Error(seq.Children[i], $"nodes[{i}]", "must be a mapping { id, address, engine, labels }");
                continue;
            }
            CheckKeys(m, ["id", "address", "engine", "labels", "data_dir", "status_address", "standby"], prefix);
            var idText = Scalar(m, "id");
            ulong id = 0;
            if (idText is null) Error(m, prefix + "id", "is required");
            else if (!ulong.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out id) || id == 0) Error(m, prefix + "id", $"must be a positive integer, got '{idText}'");
            else if (!ids.Add(id)) Error(m, prefix + "id", $"{id} is used by another node");
            var address = Scalar(m, "address") ?? $"127.0.0.1:{20160 + i}";
            CheckAddress(m, prefix + "address", address);
            if (!addresses.Add(address)) Error(m, prefix + "address", $"{address} is used by another node");
            EngineConfig? engine = null;
            if (!m.Children.TryGetValue(new YamlScalarNode("engine"), out var en)) Error(m, prefix + "engine", "is required (e.g. { name: lsm })");
            else if (en is not YamlMappingNode em) Error(en, prefix + "engine", "must be a mapping { name, options }");
            else
            {
                CheckKeys(em, ["name", "options", "column_families"], prefix + "engine.");
                var name = Scalar(em, "name");
                var options = StringMap(em, "options", prefix + "engine.");
                var cfOptions = ColumnFamilyOptions(em, prefix + "engine.");
                if (name is null) Error(em, prefix + "engine.name", "is required");
                else
                {
                    engine = new EngineConfig(name, options, cfOptions);
                    try
                    {
                        registry.ValidateOptions(engine);
                        // Per-CF options are checked against the CFs a node opens (the store's and Percolator's).
                        if (cfOptions is not null) registry.CreateRequest(engine, "unused", Workbench.Storage.FileSystem.LocalFileSystem.Instance, Store.ColumnFamilies.All);
                    }
                    catch (EngineConfigException e)
                    {
                        Error(em, prefix + "engine", e.Message);
                    }
                }
            }
            var labels = StringMap(m, "labels", prefix) ?? new Dictionary<string, string>();
            var dataDir = Scalar(m, "data_dir");
            var status = Scalar(m, "status_address");
            if (status is not null) CheckAddress(m, prefix + "status_address", status);
            var standbyText = Scalar(m, "standby");
            var standby = false;
            if (standbyText is not null && !bool.TryParse(standbyText, out standby)) Error(m, prefix + "standby", $"must be true or false, got '{standbyText}'");
            if (engine is not null && id != 0) result.Add(new NodeConfig(id, address, engine, labels, (int)m.Start.Line) { DataDir = dataDir, StatusAddress = status, Standby = standby });
        }
        return result;
    }

    /// <summary>
    /// Keys of the tcp topology: every process needs its own port (addresses and metrics ports all
    /// distinct), data directories must be distinct, and enough non-standby nodes must start to hold
    /// the replicas. Other topologies ignore standby, data_dir and status_address.
    /// </summary>
    private void CheckTcp(YamlMappingNode root, string topology, string pdAddress, string? pdStatus, List<NodeConfig> nodes, int replicas)
    {
        if (topology != "tcp") return;
        var ports = new Dictionary<string, string>(StringComparer.Ordinal) { [pdAddress] = "pd.address" };
        void Claim(string? address, string key, int line)
        {
            if (address is null) return;
            if (ports.TryGetValue(address, out var other)) _errors.Add($"{_source}:{line}: {key}: {address} is also {other}");
            else ports[address] = key;
        }
        Claim(pdStatus, "pd.status_address", (int)root.Start.Line);
        var dirs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (!nodes.Take(i).Any(o => o.Address == n.Address)) Claim(n.Address, $"nodes[{i}].address", n.Line); // node-node clashes are reported above
            Claim(n.StatusAddress, $"nodes[{i}].status_address", n.Line);
            if (!dirs.Add(Path.GetFullPath(n.DataDirOrDefault))) _errors.Add($"{_source}:{n.Line}: nodes[{i}].data_dir: {n.DataDirOrDefault} is used by another node");
        }
        var initial = nodes.Count(n => !n.Standby);
        if (nodes.Count > 0 && initial < replicas) Error(root, "nodes", $"{replicas} replicas need at least {replicas} nodes without standby: true, the config has {initial}");
    }

    /// <summary>flow_control: the stores' write admission (TiKV's storage.flow-control and scheduler-pending-write-threshold; docs/cluster.md).</summary>
    private FlowControlOptions ParseFlowControl(YamlMappingNode root)
    {
        var d = new FlowControlOptions();
        if (Map(root, "flow_control") is not { } fc) return d;
        const string p = "flow_control.";
        CheckKeys(fc, ["enable", "scheduler_pending_write_threshold", "soft_pending_compaction_bytes_limit", "hard_pending_compaction_bytes_limit", "memtables_threshold", "l0_files_threshold", "engine_stall_ms"], p);
        var enable = d.Enable;
        if (Scalar(fc, "enable") is { } e)
        {
            if (e is "true" or "false") enable = e == "true";
            else Error(fc, p + "enable", $"must be true or false, got '{e}'");
        }
        long SizeOf(string key, long dflt)
        {
            if (Scalar(fc, key) is not { } text) return dflt;
            if (TryParseSize(text, out var b) && b >= 0) return b;
            Error(fc, p + key, $"must be a size such as 100MiB (0 = off), got '{text}'");
            return dflt;
        }
        var pendingWrites = SizeOf("scheduler_pending_write_threshold", d.SchedulerPendingWriteThreshold);
        var soft = SizeOf("soft_pending_compaction_bytes_limit", d.SoftPendingCompactionBytesLimit);
        var hard = SizeOf("hard_pending_compaction_bytes_limit", d.HardPendingCompactionBytesLimit);
        if (soft > 0 && hard > 0 && soft > hard) Error(fc, p + "soft_pending_compaction_bytes_limit", $"must not be above hard_pending_compaction_bytes_limit ({hard} bytes)");
        return new FlowControlOptions
        {
            Enable = enable,
            SchedulerPendingWriteThreshold = pendingWrites,
            SoftPendingCompactionBytesLimit = soft,
            HardPendingCompactionBytesLimit = hard,
            MemtablesThreshold = Int(fc, "memtables_threshold", d.MemtablesThreshold, 0, 1_000_000, p),
            L0FilesThreshold = Int(fc, "l0_files_threshold", d.L0FilesThreshold, 0, 1_000_000, p),
            EngineStallMs = Int(fc, "engine_stall_ms", d.EngineStallMs, 0, 3_600_000, p),
        };
    }

    private void CheckAddress(YamlNode node, string key, string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is <= 0 or > 65535)
            Error(node, key, $"must be HOST:PORT, got '{address}'");
    }

    internal static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var units = new (string Suffix, long Factor)[] { ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("KB", 1000), ("MB", 1000_000), ("GB", 1000_000_000), ("B", 1) };
        foreach (var (suffix, factor) in units)
            if (text.EndsWith(suffix, StringComparison.Ordinal) && long.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                bytes = n * factor;
                return true;
            }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes);
    }

    private void CheckKeys(YamlMappingNode map, string[] allowed, string prefix)
    {
        foreach (var (k, _) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "?";
            if (!allowed.Contains(name)) Error(k, prefix + name, $"unknown key; known keys here: {string.Join(", ", allowed)}");
        }
    }

    private YamlMappingNode? Map(YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var n)) return null;
        if (n is YamlMappingNode m) return m;
        Error(n, key, "must be a mapping");
        return null;
    }

    private string? Scalar(YamlMappingNode map, string key)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode(key), out var n)) return null;
        if (n is YamlScalarNode s) return s.Value;
        Error(n, key, "must be a single value");
        return null;
    }

    private int Int(YamlMappingNode map, string key, int fallback, int min, int max, string prefix = "")
    {
        var s = Scalar(map, key);
        if (s is null) return fallback;
        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max) return v;
        Error(map.Children[new YamlScalarNode(key)], prefix + key, $"must be an integer in [{min}, {max}], got '{s}'");
        return fallback;
    }

    private Dictionary<string, string>? StringMap(YamlMappingNode map, string key, string prefix)
    {
        var m = Map(map, key);
        if (m is null) return null;
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in m.Children)
        {
            if (k is YamlScalarNode ks && v is YamlScalarNode vs) d[ks.Value ?? ""] = vs.Value ?? "";
            else Error(k, prefix + key, "values must be single values");
        }
        return d;
    }

    /// <summary>
    /// A node engine's `column_families: { lock: { min_blob_size: 0 }, … }` (the matrix engine
    /// entry's shape): column family → options; a CF the node does not open is an error.
    /// </summary>
    private Dictionary<string, IReadOnlyDictionary<string, string>>? ColumnFamilyOptions(YamlMappingNode engine, string prefix)
    {
        if (!engine.Children.TryGetValue(new YamlScalarNode("column_families"), out var node)) return null;
        var result = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (node is not YamlMappingNode cfs)
        {
            Error(node, prefix + "column_families", "must be a mapping of column family → options (e.g. { lock: { min_blob_size: 0 } })");
            return result;
        }
        foreach (var (k, _) in cfs.Children)
        {
            var cf = (k as YamlScalarNode)?.Value ?? "";
            if (!Store.ColumnFamilies.All.Contains(cf, StringComparer.Ordinal))
            {
                Error(k, prefix + "column_families." + cf, $"unknown column family '{cf}'; a node opens {string.Join(", ", Store.ColumnFamilies.All)}");
                continue;
            }
            result[cf] = StringMap(cfs, cf, prefix + "column_families.") ?? new Dictionary<string, string>();
        }
        return result;
    }

    private void Error(YamlNode node, string key, string message) => _errors.Add($"{_source}:{node.Start.Line}: {key}: {message}");
}
