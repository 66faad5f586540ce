using System.Buffers;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Metrics;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Tests.Infrastructure;

/// <summary>
/// An engine that forwards to an inner one, with two test controls: a gate that, once closed,
/// blocks every <see cref="Write"/> until it is opened (an engine write stall; threads only, never
/// on the simulation's single thread), and property overrides (the write debt the engine reports:
/// pending compaction bytes, L0 files, memtables). A write blocked longer than
/// <see cref="GateTimeout"/> is let through and recorded in <see cref="GateTimedOut"/> instead of
/// throwing on the store's thread (the test then fails on that flag, not by a hung host).
/// </summary>
internal sealed class GatedEngine(IKvEngine inner) : IKvEngine
{
    private readonly ManualResetEventSlim _open = new(true);
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);
    private int _blocked;

    public static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Writes waiting at the closed gate now.</summary>
    public int Blocked => Volatile.Read(ref _blocked);

    /// <summary>Whether a write waited longer than <see cref="GateTimeout"/>.</summary>
    public bool GateTimedOut { get; private set; }

    /// <summary>Writes that reached the inner engine.</summary>
    public long Writes => Interlocked.Read(ref _writes);

    private long _writes;

    public void CloseGate() => _open.Reset();

    public void OpenGate() => _open.Set();

    /// <summary>Answers <paramref name="name"/> with <paramref name="value"/> (null removes the override).</summary>
    public void SetProperty(string name, string? value)
    {
        lock (_properties)
        {
            if (value is null) _properties.Remove(name);
            else _properties[name] = value;
        }
    }

    public string Name => inner.Name;
    public IReadOnlyList<ColumnFamilyHandle> ColumnFamilies => inner.ColumnFamilies;

    public bool TryGet(ColumnFamilyHandle cf, ReadOnlySpan<byte> key, IBufferWriter<byte> value, ReadOptions? options = null) => inner.TryGet(cf, key, value, options);

    public void Write(WriteBatch batch, WriteOptions? options = null)
    {
        if (!_open.IsSet)
        {
            Interlocked.Increment(ref _blocked);
            try
            {
                if (!_open.Wait(GateTimeout)) GateTimedOut = true;
            }
            finally
            {
                Interlocked.Decrement(ref _blocked);
            }
        }
        inner.Write(batch, options);
        Interlocked.Increment(ref _writes);
    }

    public IKvIterator NewIterator(ColumnFamilyHandle cf, ReadOptions? options = null) => inner.NewIterator(cf, options);
    public IEngineSnapshot GetSnapshot() => inner.GetSnapshot();
    public void Flush() => inner.Flush();
    public void CompactRange(ColumnFamilyHandle cf, KeyRange range = default) => inner.CompactRange(cf, range);
    public EngineMetrics GetMetrics() => inner.GetMetrics();

    public string? GetProperty(string name)
    {
        lock (_properties)
            if (_properties.TryGetValue(name, out var v)) return v;
        return inner.GetProperty(name);
    }

    public void Dispose()
    {
        _open.Set();
        inner.Dispose();
        _open.Dispose();
    }
}

/// <summary>Registers "gated": a memory engine inside a <see cref="GatedEngine"/>; every opened engine is kept by directory for the test to control.</summary>
internal sealed class GatedEngineFactory : IEngineFactory
{
    private readonly Workbench.Storage.Memory.MemoryEngineFactory _memory = new();

    public const string EngineName = "gated";

    /// <summary>Every engine opened, by directory (a restart replaces the entry).</summary>
    public Dictionary<string, GatedEngine> Opened { get; } = new(StringComparer.Ordinal);

    /// <summary>Every engine opened, in order (the simulation opens every store's in the same directory of its own file system).</summary>
    public List<GatedEngine> All { get; } = [];

    public string Name => EngineName;
    public string Description => "test engine: the (non-durable) memory engine behind a write gate and property overrides";
    public EngineCapabilities Capabilities => _memory.Capabilities;
    public IReadOnlyList<OptionSpec> Options => [];

    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var engine = new GatedEngine(_memory.Open(request with { Options = new EngineOptions(new Dictionary<string, object?> { [Workbench.Storage.Memory.MemoryEngineFactory.DurableName] = false }) }));
        lock (Opened)
        {
            Opened[request.Directory] = engine;
            All.Add(engine);
        }
        return engine;
    }

    /// <summary>The engine opened in a directory ending with <paramref name="suffix"/> (e.g. "node1/data").</summary>
    public GatedEngine Of(string suffix)
    {
        lock (Opened)
            foreach (var (dir, e) in Opened)
                if (dir.EndsWith(suffix, StringComparison.Ordinal)) return e;
        throw new InvalidOperationException($"no gated engine opened under *{suffix}");
    }
}
