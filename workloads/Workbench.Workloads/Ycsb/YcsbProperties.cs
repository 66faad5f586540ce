using System.Globalization;
using System.Text;

namespace Workbench.Workloads.Ycsb;

/// <summary>
/// A YCSB property set: a Java-properties file (<c>key=value</c>, <c>key: value</c> or
/// <c>key value</c>; <c>#</c>/<c>!</c> comments; backslash line continuation) overlaid with
/// <c>-p key=value</c> overrides, the later winning, as YCSB's client does. A line holding only a key
/// (no separator) is an error naming the file and line. Typed getters name the key
/// and the offending text when a value does not parse. Not thread-safe while being built.
/// </summary>
public sealed class YcsbProperties
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _origin = new(StringComparer.Ordinal);

    /// <summary>The properties by key, overrides applied.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Reads a properties file; <see cref="FileNotFoundException"/> when missing, <see cref="FormatException"/> naming file and line for a bad line.</summary>
    public static YcsbProperties FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"YCSB workload file '{path}' does not exist", path);
        var p = new YcsbProperties();
        p.Load(File.ReadAllText(path), path);
        return p;
    }

    /// <summary>Parses properties text; <paramref name="origin"/> names it in error messages.</summary>
    public static YcsbProperties Parse(string text, string origin = "<text>")
    {
        var p = new YcsbProperties();
        p.Load(text, origin);
        return p;
    }

    /// <summary>Loads properties text; keys already present are overwritten.</summary>
    public void Load(string text, string origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var lineNo = 0;
        while (lineNo < lines.Length)
        {
            var startLine = lineNo + 1;
            var logical = new StringBuilder(lines[lineNo++].TrimStart());
            if (logical.Length == 0 || logical[0] == '#' || logical[0] == '!') continue;
            // A line ending in an odd number of backslashes continues on the next line.
            while (EndsWithContinuation(logical) && lineNo < lines.Length)
            {
                logical.Length--;
                logical.Append(lines[lineNo++].TrimStart());
            }
            var line = logical.ToString();
            var sep = line.IndexOfAny(['=', ':', ' ', '\t']);
            // Java would read a bare key with an empty value; in a workload file that is a typo (a
            // lost '='), and silently ignoring it would run a different workload.
            if (sep < 0) throw new FormatException($"{origin}:{startLine}: '{line.Trim()}' is not key=value (no '=' or ':' after the key)");
            var key = line[..sep].Trim();
            var rest = line[(sep + 1)..].TrimStart();
            if (line[sep] is ' ' or '\t' && rest.Length > 0 && rest[0] is '=' or ':') rest = rest[1..].TrimStart();
            var value = rest.TrimEnd();
            Set(key, value, $"{origin}:{startLine}");
        }
    }

    private static bool EndsWithContinuation(StringBuilder sb)
    {
        var n = 0;
        for (var i = sb.Length - 1; i >= 0 && sb[i] == '\\'; i--) n++;
        return n % 2 == 1;
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, remembering <paramref name="origin"/> (file:line or -p) for <see cref="Where"/>.</summary>
    public void Set(string key, string value, string origin = "-p")
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _values[key] = value;
        _origin[key] = origin;
    }

    /// <summary>Applies a <c>key=value</c> override as given on the command line.</summary>
    public void SetFromArgument(string assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new FormatException($"-p expects key=value, got '{assignment}'");
        Set(assignment[..eq].Trim(), assignment[(eq + 1)..].Trim(), "-p");
    }

    /// <summary>Whether <paramref name="key"/> was given.</summary>
    public bool Contains(string key) => _values.ContainsKey(key);

    /// <summary>The value of <paramref name="key"/>, or <paramref name="defaultValue"/> when absent.</summary>
    public string GetString(string key, string defaultValue) => _values.TryGetValue(key, out var v) ? v : defaultValue;

    /// <summary>The value of <paramref name="key"/> as a long; <see cref="FormatException"/> naming the key and text when it does not parse.</summary>
    public long GetLong(string key, long defaultValue)
    {
        if (!_values.TryGetValue(key, out var v)) return defaultValue;
        if (long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var r)) return r;
        throw new FormatException($"YCSB property '{key}' ({Where(key)}) must be an integer, got '{v}'");
    }

    /// <summary>The value of <paramref name="key"/> as an int; <see cref="FormatException"/> naming the key and text when it does not parse.</summary>
    public int GetInt(string key, int defaultValue)
    {
        var l = GetLong(key, defaultValue);
        if (l is < int.MinValue or > int.MaxValue) throw new FormatException($"YCSB property '{key}' ({Where(key)}) is out of range: {l}");
        return (int)l;
    }

    /// <summary>The value of <paramref name="key"/> as a double; <see cref="FormatException"/> naming the key and text when it does not parse.</summary>
    public double GetDouble(string key, double defaultValue)
    {
        if (!_values.TryGetValue(key, out var v)) return defaultValue;
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var r)) return r;
        throw new FormatException($"YCSB property '{key}' ({Where(key)}) must be a number, got '{v}'");
    }

    /// <summary>The value of <paramref name="key"/> as a bool (true or false, any case); <see cref="FormatException"/> naming the key and text otherwise.</summary>
    public bool GetBool(string key, bool defaultValue)
    {
        if (!_values.TryGetValue(key, out var v)) return defaultValue;
        if (bool.TryParse(v, out var r)) return r;
        throw new FormatException($"YCSB property '{key}' ({Where(key)}) must be true or false, got '{v}'");
    }

    /// <summary>Where <paramref name="key"/> was set (file:line or -p), or "default".</summary>
    public string Where(string key) => _origin.TryGetValue(key, out var o) ? o : "default";
}
