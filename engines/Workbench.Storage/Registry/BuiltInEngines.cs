using Workbench.Storage.Memory;

namespace Workbench.Storage.Registry;

/// <summary>Factories of the engines that live in this assembly.</summary>
public static class BuiltInEngines
{
    /// <summary>Registers the engines of this assembly (memory) in <paramref name="registry"/>; returns it for chaining.</summary>
    public static EngineRegistry RegisterBuiltIns(this EngineRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register(new MemoryEngineFactory());
    }
}
