using Workbench.Storage.Contract;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;
using Workbench.Storage.RocksDb.Identity;
using Workbench.Storage.RocksDb.Options;

namespace Workbench.Storage.RocksDb;

/// <summary>
/// Shared part of the two RocksDB factories: the same options (RocksDB's names, db_bench's
/// defaults) with different BlobDB defaults. RocksDB does its own file IO, so the engines are
/// Persistent but do not use the given file system (it only creates the directory).
/// </summary>
public abstract class RocksDbEngineFactoryBase : IEngineFactory, IOwnsEngineFiles
{
    private protected RocksDbEngineFactoryBase(bool blobDefaults) => Options = RocksDbOptionSpecs.Create(blobDefaults);

    /// <inheritdoc/>
    public abstract string Name { get; }
    /// <inheritdoc/>
    public abstract string Description { get; }
    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent;
    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>"rocksdb" for both engines: they share one on-disk format.</summary>
    public string IdentityName => RocksDbFileNames.IdentityName;

    /// <inheritdoc/>
    public bool OwnsFile(string fileName) => RocksDbFileNames.Owns(fileName);

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request) => RocksDbEngine.Open(Name, request);
}
