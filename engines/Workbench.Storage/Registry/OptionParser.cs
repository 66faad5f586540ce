using System.Globalization;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Registry;

/// <summary>Turns a config string into the typed value an <see cref="OptionSpec"/> declares; errors name the option. Stateless.</summary>
public static class OptionParser
{
    /// <summary>Parses <paramref name="raw"/> as <paramref name="spec"/>'s type and checks its bounds; <see cref="EngineConfigException"/> prefixed with <paramref name="context"/> names the option and what it accepts.</summary>
    public static object Parse(OptionSpec spec, string raw, string context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(raw);
        var text = raw.Trim();
        object value = spec.Type switch
        {
            OptionType.Int => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : throw Bad(spec, raw, context, "an integer"),
            OptionType.Long => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : throw Bad(spec, raw, context, "an integer"),
            OptionType.Double => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : throw Bad(spec, raw, context, "a number"),
            OptionType.Bool => ParseBool(text) ?? throw Bad(spec, raw, context, "true or false"),
            OptionType.String => text,
            OptionType.Size => ParseSize(text) ?? throw Bad(spec, raw, context, "a size such as 4096, 64KB or 8MiB"),
            OptionType.Choice => ParseChoice(spec, text) ?? throw Bad(spec, raw, context, "one of " + string.Join(", ", spec.AllowedValues ?? [])),
            _ => throw new InvalidOperationException($"unknown option type {spec.Type}"),
        };
        CheckRange(spec, value, raw, context);
        return value;
    }

    /// <summary>Parses sizes like "4096", "64KB", "8 MiB", "1g" (binary multiples); null when malformed.</summary>
    public static long? ParseSize(string text)
    {
        var t = text.Trim();
        var i = 0;
        while (i < t.Length && (char.IsAsciiDigit(t[i]) || t[i] == '.')) i++;
        if (i == 0) return null;
        if (!double.TryParse(t.AsSpan(0, i), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return null;
        var suffix = t[i..].Trim().ToUpperInvariant();
        long mult = suffix switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            "T" or "TB" or "TIB" => 1L << 40,
            _ => 0,
        };
        if (mult == 0) return null;
        var bytes = number * mult;
        if (bytes > long.MaxValue || bytes != Math.Floor(bytes)) return null;
        return (long)bytes;
    }

    private static bool? ParseBool(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "1" or "YES" or "ON" => true,
        "FALSE" or "0" or "NO" or "OFF" => false,
        _ => null,
    };

    private static string? ParseChoice(OptionSpec spec, string text)
    {
        foreach (var allowed in spec.AllowedValues ?? [])
            if (string.Equals(allowed, text, StringComparison.OrdinalIgnoreCase)) return allowed;
        return null;
    }

    private static void CheckRange(OptionSpec spec, object value, string raw, string context)
    {
        double? n = value switch { int i => i, long l => l, double d => d, _ => null };
        if (n is null) return;
        if (spec.Min is { } min && n < min) throw new EngineConfigException($"{context}option '{spec.Name}' = '{raw}' is below the minimum {min.ToString(CultureInfo.InvariantCulture)}");
        if (spec.Max is { } max && n > max) throw new EngineConfigException($"{context}option '{spec.Name}' = '{raw}' is above the maximum {max.ToString(CultureInfo.InvariantCulture)}");
    }

    private static EngineConfigException Bad(OptionSpec spec, string raw, string context, string expected) =>
        new($"{context}option '{spec.Name}' expects {expected}, got '{raw}'");
}
