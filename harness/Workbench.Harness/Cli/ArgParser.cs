using System.Globalization;

namespace Workbench.Harness.Cli;

/// <summary>
/// A small GNU-style argument parser: <c>--name value</c>, <c>--name=value</c>, boolean flags,
/// repeatable options and positionals. Every option must be declared; anything else is a
/// <see cref="UsageException"/> naming it. (System.CommandLine's API churns between versions; the
/// verbs need only this much.)
/// </summary>
internal sealed class ArgParser
{
    private readonly Dictionary<string, bool> _declared = new(StringComparer.Ordinal); // name → takes a value
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly List<string> _positionals = [];

    public ArgParser Option(string name)
    {
        _declared[name] = true;
        return this;
    }

    public ArgParser Flag(string name)
    {
        _declared[name] = false;
        return this;
    }

    public IReadOnlyList<string> Positionals => _positionals;

    public ArgParser Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                _positionals.Add(a);
                continue;
            }
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? a[2..eq] : a[2..];
            if (!_declared.TryGetValue(name, out var takesValue))
                throw new UsageException($"unknown option '--{name}'; known: {string.Join(", ", _declared.Keys.Order(StringComparer.Ordinal).Select(k => "--" + k))}");
            if (!takesValue)
            {
                if (eq > 0) throw new UsageException($"option '--{name}' takes no value");
                _flags.Add(name);
                continue;
            }
            string value;
            if (eq > 0) value = a[(eq + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new UsageException($"option '--{name}' needs a value");
            if (!_values.TryGetValue(name, out var list)) _values[name] = list = [];
            list.Add(value);
        }
        return this;
    }

    public bool Has(string name) => _flags.Contains(name) || _values.ContainsKey(name);

    public string? Get(string name) => _values.TryGetValue(name, out var l) ? l[^1] : null;

    public string Get(string name, string fallback) => Get(name) ?? fallback;

    public IReadOnlyList<string> GetAll(string name) => _values.TryGetValue(name, out var l) ? l : [];

    public long GetLong(string name, long fallback)
    {
        var s = Get(name);
        if (s is null) return fallback;
        var size = Storage.Registry.OptionParser.ParseSize(s);
        return size ?? throw new UsageException($"option '--{name}' expects a whole number (suffixes K, M, G allowed), got '{s}'");
    }

    public int GetInt(string name, int fallback)
    {
        var v = GetLong(name, fallback);
        if (v > int.MaxValue) throw new UsageException($"option '--{name}' is too large: {v}");
        return (int)v;
    }

    public double GetDouble(string name, double fallback)
    {
        var s = Get(name);
        if (s is null) return fallback;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw new UsageException($"option '--{name}' expects a number, got '{s}'");
    }

    /// <summary>Parses repeated <c>key=value</c> options into a dictionary (later wins).</summary>
    public Dictionary<string, string> GetKeyValues(string name)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kv in GetAll(name))
        {
            var eq = kv.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new UsageException($"option '--{name}' expects key=value, got '{kv}'");
            d[kv[..eq].Trim()] = kv[(eq + 1)..].Trim();
        }
        return d;
    }
}
