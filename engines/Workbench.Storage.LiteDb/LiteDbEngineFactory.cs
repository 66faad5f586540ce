using Workbench.Storage.Contract;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;

namespace Workbench.Storage.LiteDb;

/// <summary>
/// Registers LiteDB 5 (a single-file document store) as "litedb". LiteDB does its own file IO, so the
/// engine is Persistent but does not use the given file system.
/// </summary>
public sealed class LiteDbEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <summary>Registry and identity-file name of this engine; the same string is checked on open so another engine's directory is refused.</summary>
    public const string EngineName = "litedb";

    /// <summary>Version of the identity file's claim (LiteDB's own files carry their own format version).</summary>
    internal const int IdentityFormatVersion = 1;

    /// <inheritdoc/>
    public string IdentityName => EngineName;

    /// <summary>LiteDB's files (FORMAT.md): the data file, its log, and its temp file (used while rebuilding).</summary>
    public bool OwnsFile(string fileName) => OwnsLiteDbFile(fileName);

    internal static bool OwnsLiteDbFile(string fileName) => fileName is "workbench.litedb" or "workbench-log.litedb" or "workbench-tmp.litedb";

    /// <inheritdoc/>
    public string Name => EngineName;

    /// <inheritdoc/>
    public string Description => "LiteDB 5 (document store, one data file + WAL log): one collection per column family, binary _id keys, one LiteDB transaction per batch";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options => LiteDbOptions.Specs;

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return LiteDbEngine.Open(request);
    }
}
