using Workbench.Storage.Contract;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Registry;

/// <summary>
/// Opens engines by name from a config section, so swapping an engine is a config change. Validates
/// before opening: an unknown engine, an unknown option or an ill-typed value is an
/// <see cref="EngineConfigException"/> naming it (and listing what is known). Thread-safe for reads
/// after registration; register everything at startup.
/// </summary>
public sealed class EngineRegistry
{
    private readonly Dictionary<string, IEngineFactory> _factories = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="factory"/> under its name; a second factory of the same name is an error. Returns this for chaining.</summary>
    public EngineRegistry Register(IEngineFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!_factories.TryAdd(factory.Name, factory))
            throw new InvalidOperationException($"engine '{factory.Name}' is registered twice");
        return this;
    }

    /// <summary>Every registered factory, by name.</summary>
    public IReadOnlyList<IEngineFactory> Factories =>
        _factories.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();

    /// <summary>The factory registered as <paramref name="name"/>; <see cref="EngineConfigException"/> listing the known names otherwise.</summary>
    public IEngineFactory GetFactory(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_factories.TryGetValue(name, out var f)) return f;
        throw new EngineConfigException(
            $"unknown engine '{name}'; known engines: {string.Join(", ", _factories.Keys.Order(StringComparer.Ordinal))}");
    }

    /// <summary>Validates the engine-wide options of a config and fills in defaults.</summary>
    public EngineOptions ValidateOptions(EngineConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var factory = GetFactory(config.Name);
        return Validate(factory, config.OptionsOrEmpty, null, $"engine '{config.Name}': ", OptionScope.Engine);
    }

    /// <summary>Validates the whole config (engine and per-CF options) and returns the open request.</summary>
    public EngineOpenRequest CreateRequest(EngineConfig config, string directory, IFileSystem fileSystem, IReadOnlyList<string> columnFamilies)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(columnFamilies);
        var factory = GetFactory(config.Name);
        var context = $"engine '{config.Name}': ";
        var engineOptions = Validate(factory, config.OptionsOrEmpty, null, context, OptionScope.Engine);
        if (columnFamilies.Count == 0) throw new EngineConfigException(context + "at least one column family must be declared");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cf in columnFamilies)
        {
            if (string.IsNullOrEmpty(cf)) throw new EngineConfigException(context + "a column family name is empty");
            if (!seen.Add(cf)) throw new EngineConfigException($"{context}column family '{cf}' is declared twice");
        }
        if (config.ColumnFamilyOptions is not null)
            foreach (var cfName in config.ColumnFamilyOptions.Keys)
                if (!seen.Contains(cfName))
                    throw new EngineConfigException($"{context}options given for column family '{cfName}', which is not declared (declared: {string.Join(", ", columnFamilies)})");
        var descriptors = new List<ColumnFamilyDescriptor>(columnFamilies.Count);
        foreach (var cf in columnFamilies)
        {
            IReadOnlyDictionary<string, string>? overrides = null;
            config.ColumnFamilyOptions?.TryGetValue(cf, out overrides);
            var cfOptions = Validate(factory, overrides ?? new Dictionary<string, string>(), engineOptions, $"{context}column family '{cf}': ", OptionScope.ColumnFamily);
            descriptors.Add(new ColumnFamilyDescriptor(cf, cfOptions));
        }
        return new EngineOpenRequest(directory, fileSystem, engineOptions, descriptors);
    }

    /// <summary>Validates and opens.</summary>
    public IKvEngine Open(EngineConfig config, string directory, IFileSystem fileSystem, IReadOnlyList<string> columnFamilies)
    {
        var request = CreateRequest(config, directory, fileSystem, columnFamilies);
        try
        {
            return GetFactory(config.Name).Open(request);
        }
        catch (IOException e)
        {
            throw StorageIOException.From(e, $"opening engine '{config.Name}' in {directory}");
        }
    }

    /// <summary>
    /// Engine scope: every option with its default, overridden by <paramref name="raw"/>.
    /// Column-family scope: only CF-scoped options, starting from the engine-wide values, overridden by <paramref name="raw"/>.
    /// </summary>
    private static EngineOptions Validate(IEngineFactory factory, IReadOnlyDictionary<string, string> raw, EngineOptions? inherited, string context, OptionScope scope)
    {
        var specs = new Dictionary<string, OptionSpec>(StringComparer.Ordinal);
        foreach (var s in factory.Options) specs[s.Name] = s;
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var s in factory.Options)
        {
            if (scope == OptionScope.ColumnFamily && s.Scope != OptionScope.ColumnFamily) continue;
            values[s.Name] = inherited is not null && inherited.Contains(s.Name) ? inherited.Values[s.Name] : s.Default;
        }
        var set = new HashSet<string>(inherited?.ExplicitlySet ?? new HashSet<string>(), StringComparer.Ordinal);
        foreach (var (name, text) in raw)
        {
            if (!specs.TryGetValue(name, out var spec))
            {
                var known = factory.Options.Count == 0 ? "it takes no options" : "known options: " + string.Join(", ", factory.Options.Select(o => o.Name));
                throw new EngineConfigException($"{context}unknown option '{name}'; {known}");
            }
            if (scope == OptionScope.ColumnFamily && spec.Scope != OptionScope.ColumnFamily)
                throw new EngineConfigException($"{context}option '{name}' applies to the whole engine and cannot be set per column family");
            values[name] = OptionParser.Parse(spec, text ?? "", context);
            set.Add(name);
        }
        return new EngineOptions(values, set);
    }
}
