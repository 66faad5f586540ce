namespace Workbench.Storage.Registry;

/// <summary>The typed <see cref="OptionBinding{TTarget}"/>: an <see cref="EngineOption{T}"/> and the getter/copy-setter of its property. Immutable.</summary>
internal sealed class OptionBinding<TTarget, T>(EngineOption<T> option, Func<TTarget, T> get, Func<TTarget, T, TTarget> set) : OptionBinding<TTarget>
{
    public override EngineOption Option => option;

    public override TTarget Apply(TTarget target, EngineOptions values) => set(target, option.Get(values));

    public override object ReadStored(TTarget target) => option.ToStored(get(target));

    public override TTarget ApplyStored(TTarget target, object stored) =>
        set(target, option.Get(new EngineOptions(new Dictionary<string, object?> { [option.Name] = stored })));

    internal override OptionBinding<TTarget> WithOption(EngineOption replacement) =>
        replacement is EngineOption<T> typed && typed.Name == option.Name
            ? new OptionBinding<TTarget, T>(typed, get, set)
            : throw new ArgumentException($"option '{replacement.Name}' cannot replace '{option.Name}' of type {typeof(T).Name}");
}
