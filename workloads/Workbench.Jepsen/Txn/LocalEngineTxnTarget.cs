using System.Globalization;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;
using Workbench.Txn.Storage;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// The txn layer on one engine (layer txn, topology local): TxnStorage over LocalKvStore, writes
/// synced (a node without Raft has nothing else to make an acknowledged commit durable), a TSO on a
/// skewable clock. Nemeses: kill (the engine crashes — engines on our file system lose every
/// unsynced byte, then reopen from what was durable; engines with their own IO, rocksdb, are closed
/// and reopened, which is a process restart, not a power cut), pause (requests hang, then time
/// out), clock (the TSO's physical clock steps by up to ±5 s). Thread-safe as its parts are.
/// </summary>
public sealed class LocalEngineTxnTarget : ITxnTarget
{
    private static readonly KvContext Synced = new() { Sync = true };

    private readonly EngineRegistry _registry;
    private readonly EngineConfig _engine;
    private readonly FaultInjectingFileSystem? _fs;
    private readonly string _directory;
    private readonly bool _ownsDirectory;
    private readonly RestartableTxnService _service;
    private readonly SkewedClock _clock;
    private LocalKvStore? _store;

    /// <summary>Opens TxnStorage over <paramref name="engine"/>: engines that do their IO through the file system get a simulated disk (a kill loses unsynced bytes); others real files in <paramref name="dataDirectory"/> (a temporary directory when null).</summary>
    public LocalEngineTxnTarget(EngineRegistry registry, EngineConfig engine, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(engine);
        _registry = registry;
        if (engine.Name == "memory" && engine.Options is null) engine = new EngineConfig("memory", new Dictionary<string, string> { ["durable"] = "true" });
        _engine = engine;
        var factory = registry.GetFactory(engine.Name);
        if (factory.Capabilities.HasFlag(EngineCapabilities.UsesFileSystem))
        {
            _fs = new FaultInjectingFileSystem(new MemoryFileSystem());
            _directory = "/db";
        }
        else
        {
            _ownsDirectory = dataDirectory is null;
            _directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "wb-jepsen-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_directory);
        }
        _store = Open();
        _service = new RestartableTxnService(new TxnStorage(_store, Synced));
        _clock = new SkewedClock(SystemPhysicalClock.Instance);
        var tso = new TimestampOracle(_clock, new MemoryTsoStore());
        Timestamps = new BatchingTimestampSource(tso);
    }

    /// <inheritdoc/>
    public string Description => $"txn layer on {_engine.Name} ({(_fs is null ? "real directory; kill = close and reopen" : "simulated disk; kill = crash, unsynced bytes lost")})";

    /// <inheritdoc/>
    public ITxnKvService Service => _service;

    /// <inheritdoc/>
    public ITimestampSource Timestamps { get; }

    /// <summary>The faults one local engine supports: kill (crash and reopen), pause, clock steps.</summary>
    public static readonly NemesisKind[] Supported = [NemesisKind.Kill, NemesisKind.Pause, NemesisKind.Clock];

    /// <inheritdoc/>
    public IReadOnlyCollection<NemesisKind> SupportedNemeses => Supported;

    /// <summary>Kills injected so far.</summary>
    public int Kills { get; private set; }

    private LocalKvStore Open() => LocalKvStore.Open(_registry, _engine, _directory, (IFileSystem?)_fs ?? LocalFileSystem.Instance);

    /// <inheritdoc/>
    public string Start(NemesisKind kind, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (kind)
        {
            case NemesisKind.Kill:
                _service.Kill(Crash);
                Kills++;
                return _fs is null ? $"closed {_engine.Name}" : $"crashed {_engine.Name} (unsynced bytes dropped)";
            case NemesisKind.Pause:
                _service.Pause();
                return "store paused";
            case NemesisKind.Clock:
            {
                var skew = (random.Next(2) == 0 ? -1 : 1) * (500 + random.Next(4500));
                _clock.OffsetMs = skew;
                return $"TSO clock stepped {skew.ToString("+0;-0", CultureInfo.InvariantCulture)} ms";
            }
            default:
                throw new JepsenConfigException($"nemesis '{NemesisNames.Name(kind)}' needs a cluster; the local txn target has kill, pause, clock");
        }
    }

    /// <inheritdoc/>
    public string Stop(NemesisKind kind)
    {
        switch (kind)
        {
            case NemesisKind.Kill:
                _service.Restart(() =>
                {
                    _store = Open();
                    return new TxnStorage(_store, Synced);
                });
                return $"reopened {_engine.Name}";
            case NemesisKind.Pause:
                _service.Resume();
                return "store resumed";
            case NemesisKind.Clock:
                _clock.OffsetMs = 0;
                return "TSO clock back to the system clock";
            default:
                return "";
        }
    }

    private void Crash()
    {
        var store = _store;
        _store = null;
        if (store is null) return;
        if (_fs is not null)
        {
            // A power cut: what was not synced is gone; the dead engine's handles now throw, so
            // closing it cannot make anything durable (the engines' crash tests do the same).
            _fs.SimulateCrash();
            try { store.Dispose(); } catch (IOException) { } catch (StorageException) { }
        }
        else
        {
            store.Dispose();
        }
    }

    /// <summary>Heals everything (the runner calls it before final reads).</summary>
    public void HealAll()
    {
        Stop(NemesisKind.Pause);
        Stop(NemesisKind.Clock);
        if (_service.IsDown) Stop(NemesisKind.Kill);
    }

    /// <summary>Closes the store; a simulated disk is dropped with it.</summary>
    public void Dispose()
    {
        _service.Resume();
        _store?.Dispose();
        _service.Dispose();
        if (_ownsDirectory && Directory.Exists(_directory)) Directory.Delete(_directory, true);
    }
}
