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

    public EngineOptions(IReadOnlyDictionary<string, object?> values, IReadOnlySet<string>? explicitlySet = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, object?>(values, StringComparer.Ordinal);
        ExplicitlySet = explicitlySet ?? new HashSet<string>(StringComparer.Ordinal);
    }

    public static EngineOptions Empty { get; } = new(new Dictionary<string, object?>());

    public IReadOnlyDictionary<string, object?> Values => _values;

    /// <summary>Names the user set (as opposed to defaults).</summary>
    public IReadOnlySet<string> ExplicitlySet { get; }

    public bool Contains(string name) => _values.ContainsKey(name);

    public int GetInt(string name) => Get<int>(name);
    public long GetLong(string name) => Get<long>(name);
    public double GetDouble(string name) => Get<double>(name);
    public bool GetBool(string name) => Get<bool>(name);
    public string GetString(string name) => Get<string>(name);

    public T Get<T>(string name)
    {
        if (!_values.TryGetValue(name, out var v)) throw new EngineConfigException($"option '{name}' is not declared by this engine");
        if (v is T t) return t;
        throw new EngineConfigException($"option '{name}' holds {v?.GetType().Name ?? "null"}, not {typeof(T).Name}");
    }

    public override string ToString() =>
        string.Join(", ", _values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
