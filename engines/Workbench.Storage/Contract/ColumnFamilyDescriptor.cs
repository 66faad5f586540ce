using Workbench.Storage.Registry;

namespace Workbench.Storage.Contract;

/// <summary>A column family to declare at open, with its per-CF options (already validated by the registry).</summary>
public sealed record ColumnFamilyDescriptor(string Name, EngineOptions Options)
{
    public const string Default = "default";
}
