using System.Globalization;

namespace Workbench.Storage.Registry;

/// <summary>
/// One engine option, declared once: name (RocksDB's spelling where one exists), type, default,
/// scope (whole engine or per column family), bounds and meaning. The declaration is the only place
/// the default lives; the engine's options type initialises its property from it and
/// <see cref="EngineOption{T}.Bind"/> ties the two, so the registry's listing (`workbench engines`),
/// config validation and the built options object cannot disagree.
/// </summary>
/// <remarks>
/// The pattern every engine follows (docs/DESIGN.md §6, "Engine options"):
/// <list type="number">
/// <item>Name constants in one static class per engine (e.g. <c>LsmOptionNames</c>).</item>
/// <item>Declarations as static readonly <see cref="EngineOption{T}"/> fields made with the factory
/// methods below (<see cref="Size"/>, <see cref="Int"/>, <see cref="Choice{T}"/>, ...), bounds included.</item>
/// <item>Properties of the options type initialised from <c>Declaration.Default</c>, never from a literal.</item>
/// <item>An <see cref="OptionSet{TTarget}"/> binding each declaration to its property
/// (<c>Decl.Bind(o =&gt; o.P, (o, v) =&gt; o with { P = v })</c>); the factory lists
/// <see cref="OptionSet{TTarget}.Specs"/> and builds the options with <see cref="OptionSet{TTarget}.Apply"/>.</item>
/// </list>
/// Each engine's tests run every declaration through parse → property and compare the declared
/// default with the property's value after construction, so a second default cannot creep back.
/// Immutable and thread-safe.
/// </remarks>
public abstract class EngineOption
{
    private OptionSpec? _spec;

    private protected EngineOption(string name, OptionType type, string description, OptionScope scope, IReadOnlyList<string>? allowedValues, double? min, double? max)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(description);
        if (min is { } lo && max is { } hi && lo > hi) throw new ArgumentException($"option '{name}': minimum {lo} is above maximum {hi}");
        Name = name;
        Type = type;
        Description = description;
        Scope = scope;
        AllowedValues = allowedValues;
        Min = min;
        Max = max;
    }

    /// <summary>The name configs and --engine-option use.</summary>
    public string Name { get; }
    /// <summary>How the config string is parsed.</summary>
    public OptionType Type { get; }
    /// <summary>One line of meaning for `workbench engines`.</summary>
    public string Description { get; }
    /// <summary>Whole engine, or also settable per column family.</summary>
    public OptionScope Scope { get; }
    /// <summary>The accepted spellings of a <see cref="OptionType.Choice"/>; null otherwise.</summary>
    public IReadOnlyList<string>? AllowedValues { get; }
    /// <summary>Smallest accepted number (inclusive); null = unbounded.</summary>
    public double? Min { get; }
    /// <summary>Largest accepted number (inclusive); null = unbounded.</summary>
    public double? Max { get; }

    /// <summary>The default in the registry's stored form (int, long, double, bool or string by <see cref="Type"/>).</summary>
    public abstract object StoredDefault { get; }

    /// <summary>The declaration as the registry validates and lists it.</summary>
    public OptionSpec Spec => _spec ??= new OptionSpec(Name, Type, StoredDefault, Description, Scope, AllowedValues, Min, Max);

    /// <summary>The default as a config would spell it ("67108864", "none", "true").</summary>
    public string DefaultText => Format(StoredDefault);

    /// <summary>A stored value as a config would spell it (invariant culture).</summary>
    public static string Format(object? stored) => stored switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => stored.ToString() ?? "",
    };

    /// <summary>The specs of <paramref name="options"/>, in order (what a factory's <see cref="IEngineFactory.Options"/> returns).</summary>
    public static IReadOnlyList<OptionSpec> Specs(IEnumerable<EngineOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var specs = new List<OptionSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var o in options)
        {
            if (!names.Add(o.Name)) throw new InvalidOperationException($"option '{o.Name}' is declared twice");
            specs.Add(o.Spec);
        }
        return specs;
    }

    /// <summary>A 32-bit integer option.</summary>
    public static EngineOption<int> Int(string name, int defaultValue, string description, OptionScope scope = OptionScope.Engine, double? min = null, double? max = null) =>
        new(name, OptionType.Int, defaultValue, description, scope, null, min, max, v => (int)v, v => v);

    /// <summary>A 64-bit integer option that is not a byte size.</summary>
    public static EngineOption<long> Long(string name, long defaultValue, string description, OptionScope scope = OptionScope.Engine, double? min = null, double? max = null) =>
        new(name, OptionType.Long, defaultValue, description, scope, null, min, max, v => (long)v, v => v);

    /// <summary>A byte size ("4096", "64KB", "8MiB"), held as a long.</summary>
    public static EngineOption<long> Size(string name, long defaultValue, string description, OptionScope scope = OptionScope.Engine, double? min = null, double? max = null) =>
        new(name, OptionType.Size, defaultValue, description, scope, null, min, max, v => (long)v, v => v);

    /// <summary>A finite floating-point option.</summary>
    public static EngineOption<double> Double(string name, double defaultValue, string description, OptionScope scope = OptionScope.Engine, double? min = null, double? max = null) =>
        new(name, OptionType.Double, defaultValue, description, scope, null, min, max, v => (double)v, v => v);

    /// <summary>A true/false option.</summary>
    public static EngineOption<bool> Bool(string name, bool defaultValue, string description, OptionScope scope = OptionScope.Engine) =>
        new(name, OptionType.Bool, defaultValue, description, scope, null, null, null, v => (bool)v, v => v);

    /// <summary>A free-text option (trimmed); its meaning is checked by the engine that reads it.</summary>
    public static EngineOption<string> Text(string name, string defaultValue, string description, OptionScope scope = OptionScope.Engine) =>
        new(name, OptionType.String, defaultValue, description, scope, null, null, null, v => (string)v, v => v);

    /// <summary>One of <paramref name="allowedValues"/> (case-insensitive), held as the allowed spelling.</summary>
    public static EngineOption<string> Choice(string name, string defaultValue, IReadOnlyList<string> allowedValues, string description, OptionScope scope = OptionScope.Engine) =>
        new(name, OptionType.Choice, defaultValue, description, scope, allowedValues, null, null, v => (string)v, v => v);

    /// <summary>
    /// One of the names of <paramref name="choices"/> (case-insensitive), held as the value it names
    /// (an enum, or null for a "disable"-like choice).
    /// </summary>
    public static EngineOption<T> Choice<T>(string name, T defaultValue, IReadOnlyList<(string Name, T Value)> choices, string description, OptionScope scope = OptionScope.Engine)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var names = new string[choices.Count];
        for (var i = 0; i < names.Length; i++) names[i] = choices[i].Name;
        return new(name, OptionType.Choice, defaultValue, description, scope, names, null, null,
            stored =>
            {
                foreach (var (n, v) in choices)
                    if (string.Equals(n, (string)stored, StringComparison.OrdinalIgnoreCase)) return v;
                throw new InvalidOperationException($"option '{name}': '{stored}' is not one of {string.Join(", ", names)}");
            },
            value =>
            {
                foreach (var (n, v) in choices)
                    if (EqualityComparer<T>.Default.Equals(v, value)) return n;
                throw new InvalidOperationException($"option '{name}': value {value} has no name among {string.Join(", ", names)}");
            });
    }
}
