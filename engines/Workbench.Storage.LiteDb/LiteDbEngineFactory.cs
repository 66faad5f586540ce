namespace Workbench.Storage.LiteDb;

/// <summary>
/// Registers LiteDB 5 (a single-file document store) as "litedb". LiteDB does its own file IO, so the
/// engine is Persistent but does not use the given file system.
/// </summary>
public sealed class LiteDbEngineFactory : IEngineFactory
{
    public const string EngineName = "litedb";

    public string Name => EngineName;

    public string Description => "LiteDB 5 (document store, one data file + WAL log): one collection per column family, binary _id keys, one LiteDB transaction per batch";

    public EngineCapabilities Capabilities => EngineCapabilities.Persistent;

    public IReadOnlyList<OptionSpec> Options => LiteDbOptions.Specs;

    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return LiteDbEngine.Open(request);
    }
}
