using Workbench.Storage.Contract;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lmdb;

/// <summary>
/// Registers LMDB (through the LightningDB binding) as "lmdb": the copy-on-write B+tree our `btree`
/// is measured against. LMDB does its own IO (mmap + pwrite), so the engine is Persistent but does not
/// use the given file system.
/// </summary>
public sealed class LmdbEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <summary>Registry and identity-file name of this engine; the same string is checked on open so another engine's directory is refused.</summary>
    public const string EngineName = "lmdb";

    /// <summary>Version of the identity file's claim (LMDB's own files carry their own format version).</summary>
    internal const int IdentityFormatVersion = 1;

    /// <inheritdoc/>
    public string IdentityName => EngineName;

    /// <summary>LMDB's files (FORMAT.md): the map and its lock file.</summary>
    public bool OwnsFile(string fileName) => OwnsLmdbFile(fileName);

    internal static bool OwnsLmdbFile(string fileName) => fileName is "data.mdb" or "lock.mdb";

    /// <inheritdoc/>
    public string Name => EngineName;

    /// <inheritdoc/>
    public string Description => "LMDB 0.9 (LightningDB, Debian liblmdb0): mmap'd copy-on-write B+tree, one named database per column family, one write transaction per batch";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options => LmdbOptions.Specs;

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return LmdbEngine.Open(request);
    }
}
