using System.Globalization;
using System.Net;
using Workbench.Sql.Server;
using Workbench.Storage.Registry;
using YamlDotNet.RepresentationModel;

namespace Workbench.Harness.SqlServer;

/// <summary>
/// The `sql-server` config (YAML, the cluster-config shape of DESIGN.md §5.3 narrowed to the
/// single-node path): `engine: { name, options }`, `data_dir`, `transactions: percolator |
/// engine-local`, `sync_commits` (engine-local only), `sql: { address, users: [{ user,
/// password, database }], create_databases, max_allowed_packet }`. Or a cluster config (it has
/// `nodes`; DESIGN.md §5.3: topology in-process, pd, nodes, replicas, raft, region, gc, validated by
/// the cluster's loader) with the same `sql:` section: the server then embeds PD and the stores.
/// Every error names the key and its line.
/// </summary>
internal sealed class SqlServerConfig
{
    /// <summary>The single-node path's engine; null with a cluster config (engines are per node there).</summary>
    public EngineConfig? Engine { get; init; }

    /// <summary>True when the file is a cluster config (nodes, pd, replicas, raft, region + sql): the server embeds PD and the stores.</summary>
    public bool IsCluster { get; init; }

    /// <summary>A cluster config with <c>topology: tcp</c>: the server joins the running cluster (PD's address) as the TiDB role instead of embedding it.</summary>
    public bool JoinsTcpCluster { get; init; }

    /// <summary>The file has a `sql:` section (a tcp cluster config with one gets its SQL server started by `cluster up`).</summary>
    public bool HasSqlSection { get; init; }
    public required string DataDirectory { get; init; }
    public required SqlServerOptions Server { get; init; }
    public bool SyncCommits { get; init; }
    /// <summary>"percolator" (the txn client, default) or "engine-local" (snapshot isolation on the engine alone).</summary>
    public string Transactions { get; init; } = "percolator";

    public static SqlServerConfig Load(string path)
    {
        if (!File.Exists(path)) throw new ConfigException($"{path}: no such file");
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException($"{path}:{e.Start.Line}: not valid YAML: {e.Message}");
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException($"{path}: expected a mapping at the top level");
        return Parse(path, root, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    private static SqlServerConfig Parse(string file, YamlMappingNode root, string baseDir)
    {
        EngineConfig? engine = null;
        string dataDir = "data/sql";
        bool joinsTcp = false;
        bool hasSql = false;
        var address = IPAddress.Loopback;
        int port = 4000;
        var users = new List<SqlUser>();
        var create = new List<string>();
        int maxPacket = 64 << 20;
        bool sync = false;
        string transactions = "percolator";
        // A cluster config (DESIGN.md §5.3): its cluster keys are validated by ClusterConfigLoader; the sql section here.
        var isCluster = root.Children.ContainsKey(new YamlScalarNode("nodes"));
        foreach (var (k, v) in root.Children)
        {
            string key = Scalar(file, k);
            switch (key)
            {
                case "engine":
                    if (isCluster) throw Error(file, k, "key 'engine' belongs to the single-node config; a cluster config names each node's engine under nodes[].engine");
                    engine = ParseEngine(file, v);
                    break;
                case "data_dir": dataDir = Scalar(file, v); break;
                case "sync_commits": sync = Bool(file, v, key); break;
                case "transactions":
                    transactions = Scalar(file, v);
                    if (transactions is not ("percolator" or "engine-local")) throw Error(file, v, $"transactions '{transactions}' is not percolator or engine-local");
                    break;
                case "sql":
                    hasSql = true;
                    foreach (var (sk, sv) in Map(file, v, key).Children)
                    {
                        string skey = Scalar(file, sk);
                        switch (skey)
                        {
                            case "address":
                            {
                                var text = Scalar(file, sv);
                                int colon = text.LastIndexOf(':');
                                if (colon < 0 || !IPAddress.TryParse(text[..colon], out var ip) || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535)
                                    throw Error(file, sv, $"sql.address '{text}' is not HOST:PORT with a numeric IP (e.g. 127.0.0.1:4000)");
                                address = ip;
                                break;
                            }
                            case "users":
                                if (sv is not YamlSequenceNode seq) throw Error(file, sv, "sql.users must be a list of { user, password, database }");
                                foreach (var item in seq.Children) users.Add(ParseUser(file, item));
                                break;
                            case "user":
                                users.Add(new SqlUser(Scalar(file, sv), ""));
                                break;
                            case "password":
                                if (users.Count == 0) throw Error(file, sv, "sql.password needs sql.user before it");
                                users[^1] = users[^1] with { Password = Scalar(file, sv) };
                                break;
                            case "create_databases":
                                if (sv is not YamlSequenceNode dbs) throw Error(file, sv, "sql.create_databases must be a list of names");
                                foreach (var d in dbs.Children) create.Add(Scalar(file, d));
                                break;
                            case "max_allowed_packet":
                                if (!int.TryParse(Scalar(file, sv), NumberStyles.None, CultureInfo.InvariantCulture, out maxPacket) || maxPacket < 1024)
                                    throw Error(file, sv, "sql.max_allowed_packet must be an integer ≥ 1024 (bytes)");
                                break;
                            default:
                                throw Error(file, sk, $"unknown key 'sql.{skey}' (known: address, users, user, password, create_databases, max_allowed_packet)");
                        }
                    }
                    break;
                case "topology":
                {
                    var t = Scalar(file, v);
                    if (isCluster && t is "in-process" or "tcp")
                    {
                        joinsTcp = t == "tcp";
                        break;
                    }
                    if (isCluster) throw Error(file, v, $"topology '{t}' is not served by sql-server: 'in-process' embeds PD and the stores, 'tcp' joins a running cluster of processes (`workbench cluster up`) as the TiDB role");
                    if (t != "single") throw Error(file, v, $"topology '{t}' needs a cluster config (nodes, pd, replicas, raft, region, sql; see harness/clusters/inprocess3.yaml); this file is the single-node config (engine:), whose topology is 'single'");
                    break;
                }
                case "nodes" or "replicas" or "pd" or "raft" or "region" or "gc" or "snapshot" when isCluster:
                    break;
                case "nodes" or "replicas" or "pd" or "raft" or "region" or "gc" or "snapshot":
                    throw Error(file, k, $"key '{key}' belongs to a cluster config, which lists its nodes (nodes: [...], see harness/clusters/inprocess3.yaml); use 'engine:' for the single-node path");
                default:
                    throw Error(file, k, $"unknown key '{key}' (known: engine, data_dir, transactions, sync_commits, sql, topology)");
            }
        }
        if (engine is null && !isCluster) throw new ConfigException($"{file}: missing key 'engine' (e.g. engine: {{ name: lsm }})");
        if (users.Count == 0) users.Add(new SqlUser("root", ""));
        if (!Path.IsPathRooted(dataDir)) dataDir = Path.Combine(Directory.GetCurrentDirectory(), dataDir);
        _ = baseDir;
        return new SqlServerConfig
        {
            Engine = engine,
            IsCluster = isCluster,
            JoinsTcpCluster = joinsTcp,
            HasSqlSection = hasSql,
            DataDirectory = dataDir,
            SyncCommits = sync,
            Transactions = transactions,
            Server = new SqlServerOptions { Address = address, Port = port, Users = users, CreateDatabases = create, MaxPacketBytes = maxPacket },
        };
    }

    private static EngineConfig ParseEngine(string file, YamlNode v)
    {
        string? name = null;
        var options = new Dictionary<string, string>();
        foreach (var (k, x) in Map(file, v, "engine").Children)
        {
            string key = Scalar(file, k);
            if (key == "name") name = Scalar(file, x);
            else if (key == "options") foreach (var (ok, ov) in Map(file, x, "engine.options").Children) options[Scalar(file, ok)] = Scalar(file, ov);
            else throw Error(file, k, $"unknown key 'engine.{key}' (known: name, options)");
        }
        if (name is null) throw Error(file, v, "engine needs a name (e.g. { name: lsm })");
        return new EngineConfig(name, options);
    }

    private static SqlUser ParseUser(string file, YamlNode node)
    {
        string? user = null, password = "", db = null;
        foreach (var (k, v) in Map(file, node, "sql.users[]").Children)
        {
            switch (Scalar(file, k))
            {
                case "user": user = Scalar(file, v); break;
                case "password": password = Scalar(file, v); break;
                case "database": db = Scalar(file, v); break;
                default: throw Error(file, k, $"unknown key 'sql.users[].{Scalar(file, k)}' (known: user, password, database)");
            }
        }
        if (user is null) throw Error(file, node, "a sql.users entry needs 'user'");
        return new SqlUser(user, password, db);
    }

    private static YamlMappingNode Map(string file, YamlNode n, string key) =>
        n as YamlMappingNode ?? throw Error(file, n, $"'{key}' must be a mapping");

    private static string Scalar(string file, YamlNode n) =>
        n is YamlScalarNode s ? s.Value ?? "" : throw Error(file, n, "expected a single value here");

    private static bool Bool(string file, YamlNode n, string key) => Scalar(file, n) switch
    {
        "true" => true,
        "false" => false,
        var x => throw Error(file, n, $"'{key}' must be true or false, not '{x}'"),
    };

    private static ConfigException Error(string file, YamlNode n, string message) => new($"{file}:{n.Start.Line}: {message}");
}
