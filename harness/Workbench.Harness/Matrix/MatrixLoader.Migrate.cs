using System.Globalization;
using Workbench.Cluster.Store;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Workloads.Ycsb;
using YamlDotNet.RepresentationModel;

namespace Workbench.Harness.Matrix;

/// <summary>The <c>migrate</c> workload kind of the matrix loader (docs/matrix.md, "Online engine migration").</summary>
internal sealed partial class MatrixLoader
{
    private static readonly string[] MigrateKeys =
    [
        "kind", "label", "from", "to", "nodes", "workload", "recordcount", "properties",
        "before_seconds", "after_seconds", "drain_timeout_seconds", "snapshot_max_bytes_per_sec", "store_limit", "split_size", "tick_ms",
    ];

    private MatrixWorkload? ParseMigrate(YamlMappingNode m, string path)
    {
        CheckKeys(m, MigrateKeys, path + ".");
        var from = MigrateEngine(m, "from", path);
        var to = MigrateEngine(m, "to", path);
        var file = ScalarOrError(m, "workload", required: true, path + ".");
        string? resolved = null;
        if (file is not null)
        {
            resolved = ResolveFile(file);
            if (resolved is null) Error(m.Children[Find(m, "workload")!], path + ".workload", $"YCSB workload file '{file}' not found (looked relative to the current directory, the repository root and {_baseDirectory})");
        }
        var recordCount = OptionalLong(m, "recordcount", path + ".", 1);
        var props = StringMap(m, "properties", path + ".properties") ?? new Dictionary<string, string>();
        if (resolved is not null)
        {
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
                CoreWorkloadSettings.From(p);
            }
            catch (FormatException e)
            {
                Error(Find(m, "properties") is { } pk ? m.Children[pk] : m.Children[Find(m, "workload")!], path, e.Message);
                return null;
            }
        }
        var nodes = Int(m, "nodes", 3, 3, 16, path + ".");
        var settings = from is null || to is null || resolved is null
            ? null
            : new MigrateSettings
            {
                From = from.Config,
                FromLabel = from.Label,
                To = to.Config,
                ToLabel = to.Label,
                Nodes = nodes,
                BeforeSeconds = Int(m, "before_seconds", 15, 1, 3600, path + "."),
                AfterSeconds = Int(m, "after_seconds", 15, 1, 3600, path + "."),
                DrainTimeoutSeconds = Int(m, "drain_timeout_seconds", 600, 10, 86_400, path + "."),
                SnapshotMaxBytesPerSec = OptionalLong(m, "snapshot_max_bytes_per_sec", path + ".", 0) ?? 100L << 20,
                StoreLimit = Int(m, "store_limit", 8, 1, 1024, path + "."),
                SplitSizeBytes = OptionalLong(m, "split_size", path + ".", 64 << 10) ?? 8 << 20,
                TickMs = Int(m, "tick_ms", 50, 5, 1000, path + "."),
            };
        if (settings is null) return null;
        var label = Scalar(m, "label") ?? $"migrate-{from!.Label}-to-{to!.Label}";
        return new MatrixWorkload
        {
            Kind = WorkloadKind.Migrate,
            Label = label,
            Line = Line(m.Start),
            File = resolved,
            RecordCount = recordCount,
            Properties = props,
            Migrate = settings,
        };
    }

    /// <summary><c>from</c> / <c>to</c>: an engine name or { name, label, options }, validated against the registry (and able to hold a store's CFs).</summary>
    private MatrixEngine? MigrateEngine(YamlMappingNode m, string key, string path)
    {
        var k = Find(m, key);
        if (k is null)
        {
            Error(m, $"{path}.{key}", "required key is missing (an engine name or { name, options })");
            return null;
        }
        var node = m.Children[k];
        EngineConfig config;
        string? label = null;
        if (node is YamlScalarNode s && !string.IsNullOrWhiteSpace(s.Value)) config = new EngineConfig(s.Value!);
        else if (node is YamlMappingNode em)
        {
            CheckKeys(em, ["name", "label", "options"], $"{path}.{key}.");
            var name = ScalarOrError(em, "name", required: true, $"{path}.{key}.");
            if (name is null) return null;
            label = Scalar(em, "label");
            config = new EngineConfig(name, StringMap(em, "options", $"{path}.{key}.options"));
        }
        else
        {
            Error(node, $"{path}.{key}", "expected an engine name or a mapping { name, options }");
            return null;
        }
        try
        {
            _registry.CreateRequest(config, "unused", LocalFileSystem.Instance, ColumnFamilies.All);
        }
        catch (EngineConfigException e)
        {
            Error(node, $"{path}.{key}", e.Message);
            return null;
        }
        return new MatrixEngine(label ?? (config.Options is null || config.Options.Count == 0 ? config.Name : config.ToString()), config, Line(node.Start));
    }

    /// <summary>
    /// A matrix of migrate workloads has no engines axis (each workload names its engines): one
    /// placeholder engine labelled "cluster" makes the cells. Null when the matrix has other kinds.
    /// </summary>
    private List<MatrixEngine>? MigrateOnly(YamlMappingNode root, List<MatrixWorkload> workloads)
    {
        var migrate = workloads.Where(w => w.Kind == WorkloadKind.Migrate).ToList();
        if (migrate.Count == 0) return null;
        if (migrate.Count != workloads.Count)
        {
            Error(root.Children[Find(root, "workloads")!], "workloads", "migrate workloads cannot share a matrix with other kinds (they need no engines axis); put them in a matrix of their own");
            return null;
        }
        if (Find(root, "engines") is { } ek)
        {
            Error(ek, "engines", "a matrix of migrate workloads names its engines in each workload's from/to; remove 'engines'");
            return [];
        }
        return [new MatrixEngine("cluster", migrate[0].Migrate!.From, 0)];
    }
}
