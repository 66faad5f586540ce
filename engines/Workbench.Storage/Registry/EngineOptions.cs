using Workbench.Storage.Errors;

namespace Workbench.Storage.Registry;

/// <summary>
/// Validated, typed option values (every declared option present, defaults filled in). Immutable.
/// Getters throw <see cref="EngineConfigException"/> when asked for an undeclared name or the wrong type,
/// which is a bug in the engine, not in the user's config.
/// </summary>
public sealed class EngineOptions
{
    private readonly Dictionary<string, object?> _values;

    /// <summary>Typed values by option name; <paramref name="explicitlySet"/> names the ones the user gave (none when null).</summary>
    public EngineOptions(IReadOnlyDictionary<string, object?> values, IReadOnlySet<string>? explicitlySet = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object?>(values, StringComparer.Ordinal);
        ExplicitlySet = explicitlySet ?? new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>No options (for engines that declare none).</summary>
    public static EngineOptions Empty { get; } = new(new Dictionary<string, object?>());

    /// <summary>Every declared option's typed value, defaults filled in.</summary>
    public IReadOnlyDictionary<string, object?> Values => _values;

    /// <summary>Names the user set (as opposed to defaults).</summary>
    public IReadOnlySet<string> ExplicitlySet { get; }

    /// <summary>Whether <paramref name="name"/> is declared.</summary>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>The int value of option <paramref name="name"/>.</summary>
    public int GetInt(string name) => Get<int>(name);
    /// <summary>The long value of option <paramref name="name"/> (sizes are longs).</summary>
    public long GetLong(string name) => Get<long>(name);
    /// <summary>The double value of option <paramref name="name"/>.</summary>
    public double GetDouble(string name) => Get<double>(name);
    /// <summary>The bool value of option <paramref name="name"/>.</summary>
    public bool GetBool(string name) => Get<bool>(name);
    /// <summary>The string value of option <paramref name="name"/> (choices are strings).</summary>
    public string GetString(string name) => Get<string>(name);

    /// <summary>The value of option <paramref name="name"/> as <typeparamref name="T"/>; <see cref="EngineConfigException"/> for an undeclared name or another type.</summary>
    public T Get<T>(string name)
    {
        if (!_values.TryGetValue(name, out var v)) throw new EngineConfigException($"option '{name}' is not declared by this engine");
        if (v is T t) return t;
        throw new EngineConfigException($"option '{name}' holds {v?.GetType().Name ?? "null"}, not {typeof(T).Name}");
    }

    /// <summary>"name=value" pairs in name order, for logs.</summary>
    public override string ToString() =>
        string.Join(", ", _values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
