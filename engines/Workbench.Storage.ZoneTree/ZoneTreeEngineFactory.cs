namespace Workbench.Storage.ZoneTree;

/// <summary>
/// Registers ZoneTree 2.1 (a C# LSM tree) as "zonetree", the peer of our `lsm`. ZoneTree does its own
/// file IO, so the engine is Persistent but does not use the given file system.
/// </summary>
public sealed class ZoneTreeEngineFactory : IEngineFactory
{
    public const string EngineName = "zonetree";

    public string Name => EngineName;

    public string Description => "ZoneTree 2.1 (C# LSM): one MVCC transactional tree holding every column family under a 1-byte prefix, so a batch is one ZoneTree transaction";

    public EngineCapabilities Capabilities => EngineCapabilities.Persistent;

    public IReadOnlyList<OptionSpec> Options => ZoneTreeOptions.Specs;

    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ZoneTreeEngine.Open(request);
    }
}
