using System.Globalization;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Conformance;

/// <summary>
/// Checks every engine runs over all of its option declarations (docs/DESIGN.md §6): the declared
/// default is the property's value after construction (so a second default cannot creep back), a
/// non-default value parses and lands in its property, and bad values are one-line errors naming the
/// option, the value and what it accepts.
/// </summary>
public static class OptionDeclarationAssert
{
    /// <summary>Every bound property of <paramref name="constructed"/> holds its declared default.</summary>
    public static void DefaultsAreTheProperties<T>(OptionSet<T> set, T constructed)
    {
        ArgumentNullException.ThrowIfNull(set);
        Assert.NotEmpty(set.Bindings);
        foreach (var b in set.Bindings)
            Assert.True(Equals(b.Option.StoredDefault, b.ReadStored(constructed)),
                $"{typeof(T).Name}: option '{b.Option.Name}' declares default {b.Option.DefaultText} but the property holds {EngineOption.Format(b.ReadStored(constructed))}");
    }

    /// <summary>
    /// For every declaration: a value other than its default, parsed from its config spelling, set
    /// through the binding, reads back from the property unchanged (and differs from the default, so the
    /// binding really sets that property). <paramref name="textSample"/> gives a value for free-text options.
    /// </summary>
    public static void NonDefaultValuesRoundTrip<T>(OptionSet<T> set, T seed, Func<string, string?>? textSample = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        foreach (var b in set.Bindings)
        {
            var raw = SampleValue(b.Option, textSample);
            var stored = OptionParser.Parse(b.Option.Spec, raw, "");
            var target = b.ApplyStored(seed, stored);
            Assert.True(Equals(stored, b.ReadStored(target)), $"option '{b.Option.Name}' = '{raw}' read back as {EngineOption.Format(b.ReadStored(target))}");
            Assert.False(Equals(b.ReadStored(seed), b.ReadStored(target)), $"option '{b.Option.Name}' = '{raw}' left the property at {EngineOption.Format(b.ReadStored(seed))}");
        }
    }

    /// <summary>
    /// A valid config spelling of a value other than <paramref name="option"/>'s default: the other
    /// bool, another choice, default + 1 (or - 1, or a bound) for numbers; <paramref name="textSample"/>
    /// for free text (the check fails when it has none, so a new text option gets a sample).
    /// </summary>
    public static string SampleValue(EngineOption option, Func<string, string?>? textSample = null)
    {
        ArgumentNullException.ThrowIfNull(option);
        var d = option.StoredDefault;
        switch (option.Type)
        {
            case OptionType.Bool:
                return (bool)d ? "false" : "true";
            case OptionType.Choice:
                foreach (var a in option.AllowedValues!)
                    if (!string.Equals(a, (string)d, StringComparison.OrdinalIgnoreCase)) return a;
                throw new InvalidOperationException($"option '{option.Name}' has a single choice");
            case OptionType.String:
                return textSample?.Invoke(option.Name) ?? throw new InvalidOperationException($"option '{option.Name}' is free text: give the check a sample value for it");
            default:
                var n = Convert.ToDouble(d, CultureInfo.InvariantCulture);
                double[] candidates = [n + 1, n - 1, option.Min ?? n, option.Max ?? n, n * 2];
                foreach (var c in candidates)
                {
                    if (c == n || (option.Min is { } min && c < min) || (option.Max is { } max && c > max)) continue;
                    return c.ToString(CultureInfo.InvariantCulture);
                }
                throw new InvalidOperationException($"option '{option.Name}' admits only its default");
        }
    }

    /// <summary>
    /// Every option of <paramref name="factory"/> given a value below its minimum, above its maximum, or
    /// of the wrong type is an <see cref="EngineConfigException"/> of one line naming the engine, the
    /// option, the value and what it accepts.
    /// </summary>
    public static void BadValuesAreOneLineErrors(IEngineFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var registry = new EngineRegistry().Register(factory);
        foreach (var spec in factory.Options)
        {
            var bad = new List<(string Value, string Expected)>();
            // A size cannot be written negative, so a minimum of 0 has nothing below it to try.
            if (spec.Min is { } min && !(spec.Type == OptionType.Size && min < 1)) bad.Add(((min - 1).ToString(CultureInfo.InvariantCulture), "below the minimum " + min.ToString(CultureInfo.InvariantCulture)));
            if (spec.Max is { } max) bad.Add(((max + 1).ToString(CultureInfo.InvariantCulture), "above the maximum " + max.ToString(CultureInfo.InvariantCulture)));
            switch (spec.Type)
            {
                case OptionType.Int or OptionType.Long: bad.Add(("lots", "expects an integer")); break;
                case OptionType.Double: bad.Add(("lots", "expects a number")); break;
                case OptionType.Size: bad.Add(("64 parsecs", "expects a size")); break;
                case OptionType.Bool: bad.Add(("perhaps", "expects true or false")); break;
                case OptionType.Choice: bad.Add(("no-such-choice", "expects one of " + string.Join(", ", spec.AllowedValues!))); break;
            }
            foreach (var (value, expected) in bad)
            {
                var config = new EngineConfig(factory.Name, new Dictionary<string, string> { [spec.Name] = value });
                var e = Assert.Throws<EngineConfigException>(() => registry.CreateRequest(config, "/db", new MemoryFileSystem(), ["default"]));
                Assert.DoesNotContain('\n', e.Message);
                Assert.Contains($"engine '{factory.Name}'", e.Message, StringComparison.Ordinal);
                Assert.Contains($"option '{spec.Name}'", e.Message, StringComparison.Ordinal);
                Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
                Assert.Contains(expected, e.Message, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// Through the registry and the engine's own build step: with no options every property holds its
    /// declared default; each option set alone in a config (to <paramref name="sample"/>'s value, else
    /// <see cref="SampleValue"/>'s) reaches its property.
    /// </summary>
    public static void FactoryBuildsEveryOption<T>(IEngineFactory factory, OptionSet<T> set, Func<EngineOpenRequest, T> build, Func<EngineOption, string?>? sample = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(build);
        DefaultsAreTheProperties(set, build(Request(factory)));
        foreach (var b in set.Bindings)
        {
            var raw = sample?.Invoke(b.Option) ?? SampleValue(b.Option);
            var built = build(Request(factory, new Dictionary<string, string> { [b.Option.Name] = raw }));
            Assert.True(Equals(OptionParser.Parse(b.Option.Spec, raw, ""), b.ReadStored(built)), $"{factory.Name}: option '{b.Option.Name}' = '{raw}' built {EngineOption.Format(b.ReadStored(built))}");
        }
        var listed = new List<string>();
        foreach (var o in factory.Options) listed.Add(o.Name);
        var bound = new List<string>();
        foreach (var o in set.Options) bound.Add(o.Name);
        Assert.Equal(bound, listed);
    }

    /// <summary>The open request <paramref name="factory"/> gets for <paramref name="options"/> (engine-wide) and one column family "default".</summary>
    public static EngineOpenRequest Request(IEngineFactory factory, IReadOnlyDictionary<string, string>? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var registry = new EngineRegistry().Register(factory);
        return registry.CreateRequest(new EngineConfig(factory.Name, options), "/db", new MemoryFileSystem(), ["default"]);
    }
}
