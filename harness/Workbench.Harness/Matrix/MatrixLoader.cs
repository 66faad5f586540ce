using System.Globalization;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;
using Workbench.Workloads.Ycsb;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Workbench.Harness.Matrix;

/// <summary>
/// Reads a matrix YAML file (DESIGN.md §6) and validates all of it before anything runs: unknown keys,
/// wrong types, missing workload files, unknown engines or engine options, impossible combinations
/// (a layer that cannot run yet, a topology at layer engine). Every problem is collected with the
/// line and column YamlDotNet's parser reports, and thrown together as a <see cref="MatrixValidationException"/>.
/// </summary>
internal sealed partial class MatrixLoader
{
    private static readonly string[] TopKeys = ["name", "description", "engines", "workloads", "value_sizes", "threads", "repeat", "layer", "topology", "seed", "baseline"];
    private static readonly string[] EngineKeys = ["name", "label", "options", "column_families"];
    private static readonly string[] YcsbKeys = ["kind", "label", "file", "recordcount", "operationcount", "data_bytes", "operation_bytes", "properties", "layer", "raft_log", "transport"];
    private static readonly string[] BenchKeys = ["kind", "label", "benchmarks", "num", "data_bytes", "reads", "key_size", "compression_ratio"];
    private static readonly string[] TopologyKeys = ["nodes", "replicas", "transport", "raft_log", "engines"];
    private static readonly string[] SysbenchKeys = ["kind", "label", "test", "tables", "table_size", "threads", "time", "rand_type", "ps_mode"];
    private static readonly string[] EndpointKeys = ["host", "port", "label", "engine", "user", "password", "database"];

    private readonly EngineRegistry _registry;
    private readonly List<MatrixError> _errors = [];
    private string _baseDirectory = ".";
    private MatrixLayer _layer = MatrixLayer.Engine; // set by ParseLayer, before the workloads are read

    public MatrixLoader(EngineRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    public MatrixSpec LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new MatrixValidationException(path, [new MatrixError(0, 0, "file", $"matrix file '{path}' does not exist")]);
        return Load(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates YAML text; relative workload files resolve against the repository root found above <paramref name="sourcePath"/>, then its directory.</summary>
    public MatrixSpec Load(string yaml, string sourcePath)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(sourcePath);
        _errors.Clear();
        _baseDirectory = Path.GetDirectoryName(Path.GetFullPath(sourcePath)) ?? ".";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new MatrixValidationException(sourcePath, [new MatrixError(Line(e.Start), Col(e.Start), "yaml", e.InnerException?.Message ?? e.Message)]);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 16 throws this (without a mark) for some malformed flow collections, e.g. an unclosed '['.
            var mark = LastGoodMark(yaml);
            throw new MatrixValidationException(sourcePath, [new MatrixError(Line(mark), Col(mark), "yaml", "malformed YAML after this point (an unclosed '[' or '{'?)")]);
        }
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new MatrixValidationException(sourcePath, [new MatrixError(1, 1, "matrix", "the file must hold one YAML mapping (name, engines, workloads, value_sizes, ...)")]);

        CheckKeys(root, TopKeys, "");
        var name = ScalarOrError(root, "name", required: true) ?? "matrix";
        var layer = _layer = ParseLayer(root);
        var topology = ParseTopology(root);
        var workloads = ParseWorkloads(root);
        var engines = MigrateOnly(root, workloads) ?? ParseEngines(root);
        // (reassigned below when topology.engines gives some nodes engines of their own)
        CheckClusterLayers(root, layer, topology, workloads);
        engines = ApplyNodeEngines(root, layer, topology, workloads, engines);
        // sysbench's rows have a fixed shape: a matrix of sysbench workloads alone needs no value sizes.
        var valueSizes = IntList(root, "value_sizes", required: workloads.Count == 0 || workloads.Any(w => w.Kind != WorkloadKind.Sysbench), min: 0, max: WriteBatch.MaxValueSize, fallback: [0]);
        CheckYcsbValueSizes(root, workloads, valueSizes);
        var threads = IntList(root, "threads", required: false, min: 1, max: 1024, fallback: [1]);
        var repeat = Int(root, "repeat", 1, min: 1, max: 1000);
        var seed = Int(root, "seed", 42, min: int.MinValue, max: int.MaxValue);
        var baseline = engines.Count > 0 ? engines[0].Label : "";
        if (Find(root, "baseline") is { } bKey)
        {
            var b = Scalar(root, "baseline");
            if (b is null || engines.All(e => e.Label != b))
                Error(bKey, "baseline", $"'{b}' is not the label of an engine of this matrix (labels: {string.Join(", ", engines.Select(e => e.Label))})");
            else baseline = b;
        }
        if (_errors.Count > 0) throw new MatrixValidationException(sourcePath, _errors.ToList());
        return new MatrixSpec
        {
            Name = name,
            SourcePath = Path.GetFullPath(sourcePath),
            Engines = engines,
            Workloads = workloads,
            ValueSizes = valueSizes,
            Threads = threads,
            Repeat = repeat,
            Layer = layer,
            Topology = topology,
            Seed = seed,
            Baseline = baseline,
        };
    }

    private MatrixLayer ParseLayer(YamlMappingNode root)
    {
        var text = Scalar(root, "layer");
        if (text is null) return MatrixLayer.Engine;
        var key = Find(root, "layer")!;
        switch (text)
        {
            case "engine":
                return MatrixLayer.Engine;
            case "txn":
                return MatrixLayer.Txn;
            case "sql":
                return MatrixLayer.Sql;
            case "raft":
                return MatrixLayer.Raft;
            default:
                Error(key, "layer", $"unknown layer '{text}'; layers: engine, raft, txn, sql");
                return MatrixLayer.Engine;
        }
    }

    private MatrixTopology? ParseTopology(YamlMappingNode root)
    {
        if (Find(root, "topology") is not { } key) return null;
        if (root.Children[key] is YamlScalarNode file) return ParseClusterFile(file);
        if (root.Children[key] is not YamlMappingNode map)
        {
            Error(root.Children[key], "topology", "expected a mapping { nodes, replicas, transport } or the path of a tcp cluster YAML");
            return null;
        }
        CheckKeys(map, TopologyKeys, "topology.");
        var nodes = Int(map, "nodes", 3, 1, 64, "topology.");
        var replicas = Int(map, "replicas", 3, 1, 64, "topology.");
        var transport = Scalar(map, "transport") ?? "in-process";
        if (transport is not ("in-process" or "tcp")) Error(Find(map, "transport")!, "topology.transport", $"unknown transport '{transport}'; transports: in-process, tcp");
        if (replicas > nodes) Error(Find(map, "replicas") ?? key, "topology.replicas", $"{replicas} replicas need at least {replicas} nodes, topology has {nodes}");
        // Layers raft and txn with nodes > 1 run on an in-process cluster (ClusterCells); txn with one
        // node and one replica is the single-store txn layer. (Whether layer engine may have a
        // topology depends on the workloads' own layers: checked in CheckClusterLayers.)
        var raftLog = ParseRaftLog(map, "topology.") ?? false;
        return new MatrixTopology(nodes, replicas, transport, raftLog) { NodeEngines = ParseNodeEngines(map, nodes) };
    }

    private List<MatrixEngine> ParseEngines(YamlMappingNode root)
    {
        var result = new List<MatrixEngine>();
        if (Sequence(root, "engines", required: true) is not { } seq) return result;
        if (seq.Children.Count == 0) Error(seq, "engines", "at least one engine is needed");
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"engines[{i}]";
            var node = seq.Children[i];
            if (node is YamlMappingNode em && Find(em, "endpoint") is { } endpointKey)
            {
                if (ParseEndpoint(em, endpointKey, path) is not { } endpoint) continue;
                if (result.Any(e => e.Label == endpoint.Label))
                    Error(node, path + ".endpoint.label", $"engine label '{endpoint.Label}' is used twice; give one of them a distinct 'label'");
                result.Add(new MatrixEngine(endpoint.Label, new EngineConfig(endpoint.EngineName), Line(node.Start)) { Endpoint = endpoint });
                continue;
            }
            if (ParseEngineEntry(node, path, out var label) is not { } config) continue;
            if (result.Any(e => e.Label == label))
                Error(node, path + ".label", $"engine label '{label}' is used twice; give one of them a distinct 'label'");
            result.Add(new MatrixEngine(label, config, Line(node.Start)));
        }
        return result;
    }

    /// <summary>
    /// One engine entry (an engines axis entry or a `topology.engines` value): a name, or
    /// `{ name, label, options, column_families }`, checked against the registry (unknown engine or
    /// option → an error at the entry's name). <paramref name="label"/>: the entry's own, else the name
    /// (with its options when it has some). Null after an error.
    /// </summary>
    private EngineConfig? ParseEngineEntry(YamlNode node, string path, out string label)
    {
        label = "";
        EngineConfig config;
        string? ownLabel = null;
        YamlNode nameNode = node;
        if (node is YamlScalarNode s)
        {
            config = new EngineConfig(s.Value ?? "");
        }
        else if (node is YamlMappingNode m)
        {
            CheckKeys(m, EngineKeys, path + ".");
            var name = ScalarOrError(m, "name", required: true, path + ".");
            if (name is null) return null;
            nameNode = m.Children[Find(m, "name")!];
            ownLabel = Scalar(m, "label");
            var options = StringMap(m, "options", path + ".options");
            Dictionary<string, IReadOnlyDictionary<string, string>>? cfOptions = null;
            if (Find(m, "column_families") is { } cfKey)
            {
                if (m.Children[cfKey] is YamlMappingNode cfMap)
                {
                    cfOptions = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
                    foreach (var (k, _) in cfMap.Children)
                        cfOptions[((YamlScalarNode)k).Value ?? ""] = StringMap(cfMap, ((YamlScalarNode)k).Value ?? "", $"{path}.column_families.{((YamlScalarNode)k).Value}") ?? new Dictionary<string, string>();
                }
                else Error(m.Children[cfKey], path + ".column_families", "expected a mapping of column family → options");
            }
            config = new EngineConfig(name, options, cfOptions);
        }
        else
        {
            Error(node, path, "expected an engine name or a mapping { name, options }");
            return null;
        }
        try
        {
            var cfs = new List<string> { ColumnFamilyDescriptor.Default };
            if (config.ColumnFamilyOptions is not null)
                foreach (var cf in config.ColumnFamilyOptions.Keys)
                    if (!cfs.Contains(cf)) cfs.Add(cf);
            _registry.CreateRequest(config, "unused", LocalFileSystem.Instance, cfs);
        }
        catch (EngineConfigException e)
        {
            var unknownEngine = e.Message.StartsWith("unknown engine", StringComparison.Ordinal);
            Error(nameNode, unknownEngine ? path + ".name" : path + ".options", e.Message);
            return null;
        }
        label = ownLabel ?? (config.Options is null || config.Options.Count == 0 ? config.Name : config.ToString());
        return config;
    }

    private List<MatrixWorkload> ParseWorkloads(YamlMappingNode root)
    {
        var result = new List<MatrixWorkload>();
        if (Sequence(root, "workloads", required: true) is not { } seq) return result;
        if (seq.Children.Count == 0) Error(seq, "workloads", "at least one workload is needed");
        for (var i = 0; i < seq.Children.Count; i++)
        {
            var path = $"workloads[{i}]";
            if (seq.Children[i] is not YamlMappingNode m)
            {
                Error(seq.Children[i], path, "expected a mapping with 'kind' (ycsb, bench or sysbench)");
                continue;
            }
            var kind = ScalarOrError(m, "kind", required: true, path + ".");
            MatrixWorkload? w = kind switch
            {
                null => null,
                "ycsb" => ParseYcsb(m, path),
                "bench" => ParseBench(m, path),
                "sysbench" => ParseSysbench(m, path),
                "migrate" => ParseMigrate(m, path),
                _ => ErrorNull(m.Children[Find(m, "kind")!], path + ".kind", $"unknown workload kind '{kind}'; kinds: ycsb, bench, sysbench, migrate"),
            };
            if (w is not null && kind == "bench" && _layer == MatrixLayer.Sql)
                Error(m.Children[Find(m, "kind")!], path + ".kind", "kind 'bench' runs at layers engine and txn, not at layer 'sql' (SQL workloads: ycsb over go-ycsb's SQL schema, sysbench)");
            if (w is null) continue;
            if (result.Any(x => x.Label == w.Label))
                Error(m, path + ".label", $"workload label '{w.Label}' is used twice; give one of them a distinct 'label'");
            result.Add(w);
        }
        return result;
    }

    private MatrixWorkload? ParseYcsb(YamlMappingNode m, string path)
    {
        CheckKeys(m, YcsbKeys, path + ".");
        var file = ScalarOrError(m, "file", required: true, path + ".");
        if (file is null) return null;
        var fileNode = m.Children[Find(m, "file")!];
        var resolved = ResolveFile(file);
        if (resolved is null)
        {
            Error(fileNode, path + ".file", $"workload file '{file}' not found (looked relative to the current directory, the repository root and {_baseDirectory})");
            return null;
        }
        var recordCount = OptionalLong(m, "recordcount", path + ".", 1);
        var operationCount = OptionalLong(m, "operationcount", path + ".", 0);
        // data_bytes / operation_bytes: the counts per value size, so every row size holds (and rewrites) the same bytes.
        var dataBytes = OptionalLong(m, "data_bytes", path + ".", 1);
        var operationBytes = OptionalLong(m, "operation_bytes", path + ".", 1);
        if (dataBytes is not null && Find(m, "recordcount") is { } rcKey)
            Error(m.Children[rcKey], path + ".recordcount", "give recordcount or data_bytes, not both (data_bytes sets recordcount per value size)");
        if (operationBytes is not null && Find(m, "operationcount") is { } ocKey)
            Error(m.Children[ocKey], path + ".operationcount", "give operationcount or operation_bytes, not both (operation_bytes sets operationcount per value size)");
        var props = StringMap(m, "properties", path + ".properties") ?? new Dictionary<string, string>();
        try
        {
            var p = YcsbProperties.FromFile(resolved);
            foreach (var (k, v) in props)
            {
                if (!CoreWorkloadSettings.KnownKeys.Contains(k))
                    throw new FormatException($"unknown YCSB property '{k}'; known: {string.Join(", ", CoreWorkloadSettings.KnownKeys)}");
                p.Set(k, v);
            }
            if (recordCount is { } rc) p.Set("recordcount", rc.ToString(CultureInfo.InvariantCulture));
            if (operationCount is { } oc) p.Set("operationcount", oc.ToString(CultureInfo.InvariantCulture));
            CoreWorkloadSettings.From(p);
        }
        catch (FormatException e)
        {
            Error(Find(m, "properties") is { } pk ? m.Children[pk] : fileNode, path, e.Message);
            return null;
        }
        var label = Scalar(m, "label") ?? "ycsb-" + Path.GetFileName(file).Replace("workload", "", StringComparison.Ordinal);
        return new MatrixWorkload
        {
            Layer = ParseWorkloadLayer(m, path),
            RaftLogInEngine = ParseRaftLog(m, path + "."),
            Transport = ParseWorkloadTransport(m, path),
            Kind = WorkloadKind.Ycsb,
            Label = label,
            Line = Line(m.Start),
            File = resolved,
            RecordCount = recordCount,
            OperationCount = operationCount,
            DataBytes = dataBytes,
            OperationBytes = operationBytes,
            Properties = props,
        };
    }

    /// <summary>A YCSB record of N fields cannot be smaller than its encoding of N one-byte fields; such a value size would be silently exceeded.</summary>
    private void CheckYcsbValueSizes(YamlMappingNode root, List<MatrixWorkload> workloads, List<int> valueSizes)
    {
        foreach (var w in workloads.Where(w => w.Kind is WorkloadKind.Ycsb or WorkloadKind.Migrate))
        {
            var p = YcsbProperties.FromFile(w.File!);
            foreach (var (k, v) in w.Properties) p.Set(k, v);
            var fields = p.GetInt("fieldcount", 10);
            var smallest = RecordCodec.EncodedSize(fields, 1);
            foreach (var size in valueSizes.Where(v => v < smallest))
                Error(root.Children[Find(root, "value_sizes")!], "value_sizes",
                    $"{size} bytes cannot hold a YCSB record of {fields} fields (at least {smallest} bytes encoded) for workload '{w.Label}'; use a larger size or set properties: {{ fieldcount: 1 }}");
        }
    }

    private MatrixWorkload? ParseBench(YamlMappingNode m, string path)
    {
        CheckKeys(m, BenchKeys, path + ".");
        var benchmarks = new List<string>();
        if (Find(m, "benchmarks") is not { } bKey)
        {
            Error(m, path + ".benchmarks", "required key is missing (e.g. benchmarks: [fillrandom, overwrite])");
            return null;
        }
        var bNode = m.Children[bKey];
        if (bNode is YamlScalarNode bs) benchmarks.AddRange((bs.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        else if (bNode is YamlSequenceNode bseq) benchmarks.AddRange(bseq.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? ""));
        if (benchmarks.Count == 0) Error(bNode, path + ".benchmarks", "names no benchmark");
        foreach (var b in benchmarks)
            if (!BenchmarkNames.TryParse(b, out _))
                Error(bNode, path + ".benchmarks", $"unknown benchmark '{b}'; known: {string.Join(", ", BenchmarkNames.All)}");
            else if (_layer == MatrixLayer.Txn && !BenchRunner.TxnBenchmarks.Contains(b))
                Error(bNode, path + ".benchmarks", $"benchmark '{b}' cannot run at layer 'txn'; it runs {string.Join(", ", BenchRunner.TxnBenchmarks)}");
        var num = OptionalLong(m, "num", path + ".", 1) ?? 100_000;
        var dataBytes = OptionalLong(m, "data_bytes", path + ".", 1);
        if (dataBytes is not null && Find(m, "num") is { } numKey)
            Error(m.Children[numKey], path + ".num", "give num or data_bytes, not both (data_bytes sets num per value size)");
        var reads = OptionalLong(m, "reads", path + ".", 0);
        var keySizeLong = OptionalLong(m, "key_size", path + ".", 8) ?? 16;
        if (keySizeLong > WriteBatch.MaxKeySize)
        {
            Error(m.Children[Find(m, "key_size")!], path + ".key_size", $"must be at most {WriteBatch.MaxKeySize}");
            keySizeLong = 16;
        }
        var keySize = (int)keySizeLong;
        var compressionRatio = 1.0;
        if (Scalar(m, "compression_ratio", path + ".") is { } ratioText)
        {
            if (!double.TryParse(ratioText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out compressionRatio) || !(compressionRatio > 0 && compressionRatio <= 1))
            {
                Error(m.Children[Find(m, "compression_ratio")!], path + ".compression_ratio", $"expected a number in (0, 1] (db_bench's --compression_ratio), got '{ratioText}'");
                compressionRatio = 1.0;
            }
        }
        return new MatrixWorkload
        {
            Kind = WorkloadKind.Bench,
            Label = Scalar(m, "label") ?? "bench-" + string.Join("+", benchmarks),
            Line = Line(m.Start),
            Benchmarks = benchmarks,
            Num = num,
            DataBytes = dataBytes,
            Reads = reads,
            KeySize = keySize,
            CompressionRatio = compressionRatio,
        };
    }

    /// <summary>`{ endpoint: { host, port, label, engine, user, password, database } }` in the engines list: an external MySQL server as a row (layer sql only).</summary>
    private MatrixEndpoint? ParseEndpoint(YamlMappingNode entry, YamlNode endpointKey, string path)
    {
        CheckKeys(entry, ["endpoint"], path + ".");
        var prefix = path + ".endpoint.";
        if (_layer != MatrixLayer.Sql)
            Error(endpointKey, path + ".endpoint", $"an endpoint is an external MySQL server: it runs SQL workloads only, at layer 'sql' (this matrix is at layer '{_layer.ToString().ToLowerInvariant()}'; set layer: sql)");
        if (entry.Children[endpointKey] is not YamlMappingNode m)
        {
            Error(entry.Children[endpointKey], path + ".endpoint", "expected a mapping { host, port, label, engine, user, password, database }");
            return null;
        }
        CheckKeys(m, EndpointKeys, prefix);
        var host = ScalarOrError(m, "host", required: true, prefix);
        var port = Int(m, "port", 3306, 1, 65535, prefix);
        var label = ScalarOrError(m, "label", required: true, prefix);
        var engine = Scalar(m, "engine", prefix) ?? "innodb";
        if (engine is not ("innodb" or "rocksdb"))
            Error(m.Children[Find(m, "engine")!], prefix + "engine", $"unknown storage engine '{engine}'; endpoints take innodb or rocksdb (MyRocks), the ENGINE sysbench and SQL-YCSB create their tables with");
        if (host is not null && !IsLoopback(host))
            Error(m.Children[Find(m, "host")!], prefix + "host", $"'{host}' is not a loopback address: endpoints are local servers (127.0.0.1, ::1 or localhost)");
        if (host is null || label is null) return null;
        return new MatrixEndpoint(host, port, label, engine, Scalar(m, "user", prefix) ?? "sbtest", Scalar(m, "password", prefix) ?? "sbtest", Scalar(m, "database", prefix) ?? "sbtest");
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    private MatrixWorkload? ParseSysbench(YamlMappingNode m, string path)
    {
        CheckKeys(m, SysbenchKeys, path + ".");
        var prefix = path + ".";
        if (_layer != MatrixLayer.Sql)
            Error(m.Children[Find(m, "kind")!], prefix + "kind", $"kind 'sysbench' runs at layer 'sql' (sysbench speaks only MySQL); this matrix is at layer '{_layer.ToString().ToLowerInvariant()}' (set layer: sql)");
        var test = Scalar(m, "test", prefix) ?? "oltp_read_write";
        if (!Sysbench.SysbenchSettings.Tests.Contains(test))
            Error(m.Children[Find(m, "test")!], prefix + "test", $"unknown sysbench test '{test}'; tests: {string.Join(", ", Sysbench.SysbenchSettings.Tests)}");
        var randType = Scalar(m, "rand_type", prefix) ?? "uniform";
        if (!Sysbench.SysbenchSettings.RandTypes.Contains(randType))
            Error(m.Children[Find(m, "rand_type")!], prefix + "rand_type", $"unknown rand_type '{randType}'; sysbench's: {string.Join(", ", Sysbench.SysbenchSettings.RandTypes)}");
        var psMode = Scalar(m, "ps_mode", prefix) ?? "auto";
        if (!Sysbench.SysbenchSettings.PsModes.Contains(psMode))
            Error(m.Children[Find(m, "ps_mode")!], prefix + "ps_mode", $"unknown ps_mode '{psMode}'; sysbench's --db-ps-mode takes auto or disable");
        var settings = new Sysbench.SysbenchSettings
        {
            Test = test,
            Tables = Int(m, "tables", 1, 1, 1024, prefix),
            TableSize = OptionalLong(m, "table_size", prefix, 1) ?? 100_000,
            Threads = Int(m, "threads", 4, 1, 1024, prefix),
            Seconds = Int(m, "time", 10, 1, 86_400, prefix),
            RandType = randType,
            PsMode = psMode,
        };
        return new MatrixWorkload
        {
            Kind = WorkloadKind.Sysbench,
            Label = Scalar(m, "label") ?? "sysbench-" + test,
            Line = Line(m.Start),
            Sysbench = settings,
        };
    }

    private string? ResolveFile(string file)
    {
        if (Path.IsPathRooted(file)) return File.Exists(file) ? file : null;
        var candidates = new List<string> { Path.GetFullPath(file) };
        // The repository above the matrix file, else above the current directory or the binary: a matrix kept anywhere finds workloads/….
        if (Results.RepositoryRoot.Find(_baseDirectory) is { } root) candidates.Add(Path.Combine(root, file));
        candidates.Add(Path.Combine(_baseDirectory, file));
        return candidates.FirstOrDefault(File.Exists);
    }

    // ---- YAML helpers: each records an error naming the key path and the node's position. ----

    private void CheckKeys(YamlMappingNode map, string[] allowed, string prefix)
    {
        foreach (var (k, _) in map.Children)
        {
            var key = (k as YamlScalarNode)?.Value ?? "?";
            if (!allowed.Contains(key))
                Error(k, prefix + key, $"unknown key; allowed here: {string.Join(", ", allowed)}");
        }
    }

    private static YamlNode? Find(YamlMappingNode map, string key)
    {
        foreach (var (k, _) in map.Children)
            if (k is YamlScalarNode s && s.Value == key) return k;
        return null;
    }

    private string? Scalar(YamlMappingNode map, string key, string prefix = "")
    {
        if (Find(map, key) is not { } k) return null;
        if (map.Children[k] is YamlScalarNode s) return s.Value;
        Error(map.Children[k], prefix + key, "expected a single value");
        return null;
    }

    private string? ScalarOrError(YamlMappingNode map, string key, bool required, string prefix = "")
    {
        if (Find(map, key) is null)
        {
            if (required) Error(map, prefix + key, "required key is missing");
            return null;
        }
        var v = Scalar(map, key, prefix);
        if (required && string.IsNullOrWhiteSpace(v)) Error(map.Children[Find(map, key)!], prefix + key, "must not be empty");
        return v;
    }

    private YamlSequenceNode? Sequence(YamlMappingNode map, string key, bool required)
    {
        if (Find(map, key) is not { } k)
        {
            if (required) Error(map, key, "required key is missing");
            return null;
        }
        if (map.Children[k] is YamlSequenceNode seq) return seq;
        Error(map.Children[k], key, "expected a list");
        return null;
    }

    private Dictionary<string, string>? StringMap(YamlMappingNode map, string key, string path)
    {
        if (Find(map, key) is not { } k) return null;
        if (map.Children[k] is not YamlMappingNode m)
        {
            Error(map.Children[k], path, "expected a mapping of name: value");
            return null;
        }
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (nk, nv) in m.Children)
        {
            var name = (nk as YamlScalarNode)?.Value ?? "";
            if (nv is YamlScalarNode sv) d[name] = sv.Value ?? "";
            else Error(nv, $"{path}.{name}", "expected a single value");
        }
        return d;
    }

    private int Int(YamlMappingNode map, string key, int fallback, int min, int max, string prefix = "")
    {
        var v = OptionalLong(map, key, prefix, min);
        if (v is null) return fallback;
        if (v > max)
        {
            Error(map.Children[Find(map, key)!], prefix + key, $"must be at most {max}, got {v}");
            return fallback;
        }
        return (int)v;
    }

    private long? OptionalLong(YamlMappingNode map, string key, string prefix, long min)
    {
        var text = Scalar(map, key, prefix);
        if (text is null) return null;
        var node = map.Children[Find(map, key)!];
        var v = OptionParser.ParseSize(text);
        if (v is null)
        {
            Error(node, prefix + key, $"expected a whole number (K/M/G suffixes allowed), got '{text}'");
            return null;
        }
        if (v < min)
        {
            Error(node, prefix + key, $"must be at least {min}, got {v}");
            return null;
        }
        return v;
    }

    private List<int> IntList(YamlMappingNode map, string key, bool required, int min, int max, List<int> fallback)
    {
        if (Find(map, key) is not { } k)
        {
            if (required) Error(map, key, "required key is missing");
            return fallback;
        }
        var node = map.Children[k];
        var items = node switch
        {
            YamlSequenceNode seq => seq.Children.ToList(),
            YamlScalarNode => [node],
            _ => [],
        };
        if (items.Count == 0) Error(node, key, "expected a non-empty list of whole numbers");
        var result = new List<int>();
        foreach (var item in items)
        {
            var text = (item as YamlScalarNode)?.Value;
            var v = text is null ? null : OptionParser.ParseSize(text);
            if (v is null || v < min || v > max)
            {
                Error(item, key, $"expected a whole number in [{min}, {max}] (K/M suffixes allowed), got '{text}'");
                continue;
            }
            if (result.Contains((int)v)) Error(item, key, $"{v} is listed twice");
            else result.Add((int)v);
        }
        return result;
    }

    private void Error(YamlNode node, string key, string message) => _errors.Add(new MatrixError(Line(node.Start), Col(node.Start), key, message));

    private MatrixWorkload? ErrorNull(YamlNode node, string key, string message)
    {
        Error(node, key, message);
        return null;
    }

    private static Mark LastGoodMark(string yaml)
    {
        var last = Mark.Empty;
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            while (scanner.MoveNext()) last = scanner.Current!.Start;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // The scanner stops where the parser did; the last token read is the best location we have.
        }
        return last;
    }

    private static int Line(Mark m) => (int)m.Line;
    private static int Col(Mark m) => (int)m.Column;
}
