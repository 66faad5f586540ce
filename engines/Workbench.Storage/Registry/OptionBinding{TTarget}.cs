namespace Workbench.Storage.Registry;

/// <summary>
/// An <see cref="EngineOption"/> tied to the property of <typeparamref name="TTarget"/> (an immutable
/// options record) that holds its value. Immutable and thread-safe.
/// </summary>
public abstract class OptionBinding<TTarget>
{
    private protected OptionBinding() { }

    /// <summary>The declaration.</summary>
    public abstract EngineOption Option { get; }

    /// <summary><paramref name="target"/> with the property set to the option's value in <paramref name="values"/>.</summary>
    public abstract TTarget Apply(TTarget target, EngineOptions values);

    /// <summary>The property's value of <paramref name="target"/> in the registry's stored form (comparable with <see cref="EngineOption.StoredDefault"/>).</summary>
    public abstract object ReadStored(TTarget target);

    /// <summary><paramref name="target"/> with the property set from a stored-form value (as <see cref="EngineOptions"/> holds it).</summary>
    public abstract TTarget ApplyStored(TTarget target, object stored);

    internal abstract OptionBinding<TTarget> WithOption(EngineOption replacement);
}
