namespace Workbench.Storage.Registry;

/// <summary>
/// The declared options of one options record <typeparamref name="TTarget"/>, each bound to its
/// property, in the order `workbench engines` lists them (and the order they are applied, so an
/// option whose setter reads another's property comes after it). Immutable and thread-safe.
/// </summary>
public sealed class OptionSet<TTarget>
{
    /// <summary>The bindings in order; a name declared twice is an error (a bug in the engine).</summary>
    public OptionSet(IReadOnlyList<OptionBinding<TTarget>> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in bindings)
            if (!names.Add(b.Option.Name)) throw new InvalidOperationException($"option '{b.Option.Name}' is bound twice in {typeof(TTarget).Name}");
        Bindings = bindings;
    }

    /// <summary>Every binding, in order.</summary>
    public IReadOnlyList<OptionBinding<TTarget>> Bindings { get; }

    /// <summary>The declarations, in order.</summary>
    public IEnumerable<EngineOption> Options
    {
        get
        {
            foreach (var b in Bindings) yield return b.Option;
        }
    }

    /// <summary>The declarations as the registry lists and validates them.</summary>
    public IReadOnlyList<OptionSpec> Specs => EngineOption.Specs(Options);

    /// <summary>
    /// <paramref name="seed"/> with every bound property set from the first of <paramref name="layers"/>
    /// that holds its option (e.g. a column family's values, then the engine-wide ones); a property no
    /// layer holds keeps the seed's value.
    /// </summary>
    public TTarget Apply(TTarget seed, params ReadOnlySpan<EngineOptions> layers)
    {
        var target = seed;
        foreach (var b in Bindings)
        {
            foreach (var layer in layers)
            {
                if (!layer.Contains(b.Option.Name)) continue;
                target = b.Apply(target, layer);
                break;
            }
        }
        return target;
    }

    /// <summary>This set with <paramref name="option"/>'s default replaced (an engine variant such as titan over lsm); <paramref name="why"/> is appended to its description.</summary>
    public OptionSet<TTarget> WithDefault<T>(EngineOption<T> option, T defaultValue, string why)
    {
        ArgumentNullException.ThrowIfNull(option);
        var replaced = false;
        var list = new List<OptionBinding<TTarget>>(Bindings.Count);
        foreach (var b in Bindings)
        {
            if (ReferenceEquals(b.Option, option))
            {
                list.Add(b.WithOption(option.WithDefault(defaultValue, why)));
                replaced = true;
            }
            else list.Add(b);
        }
        if (!replaced) throw new ArgumentException($"option '{option.Name}' is not bound in {typeof(TTarget).Name}");
        return new OptionSet<TTarget>(list);
    }

    /// <summary>
    /// The first bound property of <paramref name="target"/> outside its declaration's bounds, as
    /// "name = value is below the minimum N" (or above the maximum); null when all are within. For
    /// options records built in code rather than parsed from a config.
    /// </summary>
    public string? FirstOutOfBounds(TTarget target)
    {
        foreach (var b in Bindings)
        {
            var o = b.Option;
            if (o.Min is null && o.Max is null) continue;
            double? n = b.ReadStored(target) switch { int i => i, long l => l, double d => d, _ => null };
            if (n is null) continue;
            if (o.Min is { } min && n < min) return $"{o.Name} = {EngineOption.Format(n)} is below the minimum {EngineOption.Format(min)}";
            if (o.Max is { } max && n > max) return $"{o.Name} = {EngineOption.Format(n)} is above the maximum {EngineOption.Format(max)}";
        }
        return null;
    }
}
