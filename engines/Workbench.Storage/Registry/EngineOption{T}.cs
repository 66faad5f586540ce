using Workbench.Storage.Errors;

namespace Workbench.Storage.Registry;

/// <summary>
/// An option whose value the engine holds as <typeparamref name="T"/> (the type of the property it
/// is bound to). Converts between that and the registry's stored form; parsing and bounds are
/// <see cref="OptionParser"/>'s, so a bad value is one <see cref="EngineConfigException"/> line
/// naming the option, the value and what it accepts. Immutable and thread-safe.
/// </summary>
public sealed class EngineOption<T> : EngineOption
{
    private readonly Func<object, T> _fromStored;
    private readonly Func<T, object> _toStored;

    internal EngineOption(string name, OptionType type, T defaultValue, string description, OptionScope scope, IReadOnlyList<string>? allowedValues,
        double? min, double? max, Func<object, T> fromStored, Func<T, object> toStored)
        : base(name, type, description, scope, allowedValues, min, max)
    {
        _fromStored = fromStored;
        _toStored = toStored;
        Default = defaultValue;
        // A default the declaration itself would reject is a bug in the engine: fail at type load, not in a user's run.
        OptionParser.Parse(Spec, Format(StoredDefault), $"declaration of '{name}': ");
    }

    /// <summary>The default: the value the property has when the config does not set the option.</summary>
    public T Default { get; }

    /// <inheritdoc/>
    public override object StoredDefault => _toStored(Default);

    /// <summary>The typed value of this option in validated <paramref name="options"/> (defaults are filled in by the registry).</summary>
    public T Get(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return _fromStored(options.Get<object>(Name));
    }

    /// <summary>Parses a config string as this option (type and bounds); <see cref="EngineConfigException"/> prefixed with <paramref name="context"/> on bad input.</summary>
    public T Parse(string raw, string context = "") => _fromStored(OptionParser.Parse(Spec, raw, context));

    /// <summary><paramref name="value"/> in the registry's stored form (what <see cref="EngineOptions"/> holds).</summary>
    public object ToStored(T value) => _toStored(value);

    /// <summary>The same option with another default (an engine variant's), the reason appended to the description.</summary>
    public EngineOption<T> WithDefault(T defaultValue, string why) =>
        new(Name, Type, defaultValue, Description + why, Scope, AllowedValues, Min, Max, _fromStored, _toStored);

    /// <summary>Binds this option to a property of <typeparamref name="TTarget"/>: <paramref name="get"/> reads it, <paramref name="set"/> returns a copy with it set (<c>(o, v) =&gt; o with { P = v }</c>).</summary>
    public OptionBinding<TTarget> Bind<TTarget>(Func<TTarget, T> get, Func<TTarget, T, TTarget> set) => new OptionBinding<TTarget, T>(this, get, set);
}
