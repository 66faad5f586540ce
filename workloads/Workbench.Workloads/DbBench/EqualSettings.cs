using System.Globalization;
using Workbench.Storage.Registry;

namespace Workbench.Workloads.DbBench;

/// <summary>
/// The settings every engine of a comparison shares where it has them (issue 21.1), so a ratio
/// compares engines, not configurations: 10 bloom bits per key (the lsm's default; RocksDB's
/// db_bench default is no filter), 4 KiB data blocks, an 8 MiB block cache and 64 MiB memtables
/// (db_bench's and the lsm's defaults). An option the configuration sets wins; an engine that does
/// not declare an option is left as it is (btree: its page cache is its whole memory budget and its
/// pages are not blocks). Stateless.
/// </summary>
public static class EqualSettings
{
    /// <summary>The shared settings as (option name, value) pairs, applied in this order.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> Values =
    [
        ("bloom_bits_per_key", "10"),
        ("block_size", "4096"),
        ("block_cache_size", (8L << 20).ToString(CultureInfo.InvariantCulture)),
        ("write_buffer_size", (64L << 20).ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary><paramref name="config"/> with every equal setting the engine declares and the config leaves unset added.</summary>
    public static EngineConfig Apply(EngineConfig config, IEngineFactory factory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(factory);
        var options = new Dictionary<string, string>(config.OptionsOrEmpty, StringComparer.Ordinal);
        foreach (var (name, value) in Values)
            if (Declares(factory, name) && !options.ContainsKey(name)) options[name] = value;
        return config with { Options = options };
    }

    /// <summary>The value each shared setting resolves to for this engine (given, equal setting or the engine's default), in <see cref="Values"/>' order; absent when the engine has no such option.</summary>
    public static IReadOnlyList<(string Name, string Value)> Resolved(EngineConfig config, IEngineFactory factory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(factory);
        var list = new List<(string, string)>();
        foreach (var (name, _) in Values)
        {
            if (config.OptionsOrEmpty.TryGetValue(name, out var v)) list.Add((name, v));
            else if (Find(factory, name) is { } spec) list.Add((name, Convert.ToString(spec.Default, CultureInfo.InvariantCulture) ?? ""));
        }
        return list;
    }

    private static bool Declares(IEngineFactory factory, string name) => Find(factory, name) is not null;

    private static OptionSpec? Find(IEngineFactory factory, string name)
    {
        foreach (var o in factory.Options)
            if (o.Name == name) return o;
        return null;
    }
}
