using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Options;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm;

/// <summary>Registers the native LSM as "lsm". Option names and defaults follow RocksDB (and our rocksdb engine).</summary>
public sealed class LsmEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <inheritdoc/>
    public string Name => "lsm";

    /// <inheritdoc/>
    public string IdentityName => "lsm";

    /// <summary>The lsm engine's files (FORMAT.md): logs, tables, manifests, CURRENT, temp files.</summary>
    public bool OwnsFile(string fileName) => OwnsLsmFile(fileName);

    internal static bool OwnsLsmFile(string fileName) => FileNames.Parse(fileName, out _) != FileNames.Kind.Unknown;

    /// <inheritdoc/>
    public string Description => "native C# LSM: WAL with group commit, skip-list memtables, SSTables with bloom filters and block cache, MANIFEST, leveled compaction";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent | EngineCapabilities.UsesFileSystem;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options { get; } = LsmOptionDeclarations.Specs(LsmOptionDeclarations.ColumnFamily);

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (options, cfOptions) = BuildOptions(request, titan: null);
        TitanValueSeparator.RefuseTitanDirectory(request.FileSystem, FilePaths.Normalize(request.Directory));
        return new LsmEngine(request, options, cfOptions);
    }

    /// <summary>
    /// The engine-wide and per-CF options of a request as "lsm" reads them (shared with "titan", which
    /// passes its own <paramref name="titan"/> options). Each CF's options are validated.
    /// </summary>
    internal static (LsmOptions Options, ColumnFamilyOptions[] ColumnFamilies) BuildOptions(EngineOpenRequest request, TitanOptions? titan)
    {
        var e = request.Options;
        var options = LsmOptionDeclarations.Engine.Apply(new LsmOptions(), e) with { Titan = titan };
        var cfOptions = new ColumnFamilyOptions[request.ColumnFamilies.Count];
        for (var i = 0; i < cfOptions.Length; i++)
        {
            var cf = request.ColumnFamilies[i];
            cfOptions[i] = ForColumnFamily(cf.Options, e);
            cfOptions[i].Validate(cf.Name);
        }
        return (options, cfOptions);
    }

    /// <summary>
    /// Per-CF options: each bound property from the CF's own value if present, else the engine-wide
    /// one, else its declared default; then the one cross-option rule the bindings cannot express:
    /// the 'tikv' preset of compression_per_level brings TiKV's bottommost zstd unless
    /// bottommost_compression is set.
    /// </summary>
    internal static ColumnFamilyOptions ForColumnFamily(EngineOptions cf, EngineOptions engine)
    {
        var options = LsmOptionDeclarations.ColumnFamily.Apply(new ColumnFamilyOptions(), cf, engine);
        var perLevel = LsmOptionDeclarations.CompressionPerLevelOption;
        var perLevelText = cf.Contains(perLevel.Name) ? perLevel.Get(cf) : engine.Contains(perLevel.Name) ? perLevel.Get(engine) : perLevel.Default;
        var bottommostSet = cf.ExplicitlySet.Contains(LsmOptionNames.BottommostCompression) || engine.ExplicitlySet.Contains(LsmOptionNames.BottommostCompression);
        if (!bottommostSet && string.Equals(perLevelText.Trim(), "tikv", StringComparison.OrdinalIgnoreCase))
            options = options with { BottommostCompression = CompressionType.Zstd }; // the preset brings TiKV's bottommost-level-compression = zstd
        return options;
    }
}
