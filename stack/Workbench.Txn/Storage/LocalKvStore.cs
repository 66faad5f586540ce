using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Txn.Storage;

/// <summary>
/// <see cref="IKvStore"/> on one engine (layer <c>txn</c>: one node, no replication). The engine must
/// declare the column families <c>default</c>, <c>lock</c>, <c>write</c>; <see cref="Open"/> opens one so,
/// keeping value separation (titan, rocksdb-blob) on <c>default</c> only unless the config says otherwise.
/// Thread-safe as the engine is. Does not own the engine unless opened through <see cref="Open"/>.
/// </summary>
public sealed class LocalKvStore : IKvStore, IDisposable
{
    private readonly ColumnFamilyHandle[] _cfs;
    private readonly bool _ownsEngine;

    /// <summary>A store over <paramref name="engine"/>, which must have CFs default, lock and write; the caller keeps owning the engine.</summary>
    public LocalKvStore(IKvEngine engine) : this(engine, ownsEngine: false) { }

    private LocalKvStore(IKvEngine engine, bool ownsEngine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        _ownsEngine = ownsEngine;
        _cfs = new ColumnFamilyHandle[CfNames.Count];
        for (var i = 0; i < CfNames.Count; i++)
        {
            ColumnFamilyHandle? found = null;
            foreach (var h in engine.ColumnFamilies)
                if (h.Name == CfNames.All[i]) found = h;
            _cfs[i] = found ?? throw new ArgumentException(
                $"engine '{engine.Name}' lacks column family '{CfNames.All[i]}' (the txn layer needs {string.Join(", ", CfNames.All)})", nameof(engine));
        }
    }

    /// <summary>The engine underneath.</summary>
    public IKvEngine Engine { get; }

    /// <summary>The engine handle of <paramref name="cf"/>.</summary>
    public ColumnFamilyHandle Handle(Cf cf) => _cfs[(int)cf];

    /// <summary>Opens an engine by config with the txn layer's column families and owns it.</summary>
    public static LocalKvStore Open(EngineRegistry registry, EngineConfig config, string directory, IFileSystem fileSystem)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var engine = registry.Open(WithTxnColumnFamilyDefaults(registry, config), directory, fileSystem, CfNames.All);
        return new LocalKvStore(engine, ownsEngine: true);
    }

    /// <summary>
    /// Value separation belongs to CF default (long values); lock and write records are small and
    /// read on every access, so they stay inline, as TiKV configures Titan. Options the config gives
    /// for lock or write win.
    /// </summary>
    public static EngineConfig WithTxnColumnFamilyDefaults(EngineRegistry registry, EngineConfig config)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(config);
        var factory = registry.GetFactory(config.Name);
        string? name = null, value = null;
        foreach (var o in factory.Options)
        {
            if (o.Scope != OptionScope.ColumnFamily) continue;
            if (o.Name == "enable_blob_files") { name = o.Name; value = "false"; }
            else if (o.Name == "min_blob_size" && name is null) { name = o.Name; value = (1L << 30).ToString(System.Globalization.CultureInfo.InvariantCulture); }
        }
        if (name is null) return config;
        var perCf = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        if (config.ColumnFamilyOptions is not null)
            foreach (var (k, v) in config.ColumnFamilyOptions) perCf[k] = v;
        foreach (var cf in new[] { CfNames.Lock, CfNames.Write })
        {
            var merged = new Dictionary<string, string>(StringComparer.Ordinal);
            if (perCf.TryGetValue(cf, out var given))
                foreach (var (k, v) in given) merged[k] = v;
            merged.TryAdd(name, value!);
            perCf[cf] = merged;
        }
        return config with { ColumnFamilyOptions = perCf };
    }

    /// <inheritdoc/>
    public IKvSnapshot Snapshot(KvContext context) => new EngineKvSnapshot(Engine, _cfs);

    /// <inheritdoc/>
    public void Write(KvContext context, WriteData data)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(data);
        if (data.IsEmpty) return;
        using var batch = new WriteBatch();
        foreach (var m in data.Modifies)
        {
            if (m.Value is null) batch.Delete(_cfs[(int)m.Cf], m.Key);
            else batch.Put(_cfs[(int)m.Cf], m.Key, m.Value);
        }
        Engine.Write(batch, context.Sync ? WriteOptions.Synced : WriteOptions.Default);
    }

    /// <summary>Disposes the engine when this store opened it.</summary>
    public void Dispose()
    {
        if (_ownsEngine) Engine.Dispose();
    }
}
