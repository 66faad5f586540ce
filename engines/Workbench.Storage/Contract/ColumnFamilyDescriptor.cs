using Workbench.Storage.Registry;

namespace Workbench.Storage.Contract;

/// <summary>A column family to declare at open, with its per-CF options (already validated by the registry).</summary>
public sealed record ColumnFamilyDescriptor(string Name, EngineOptions Options)
{
    /// <summary>Name of the column family every engine has; data written without naming one goes here.</summary>
    public const string Default = "default";
}
