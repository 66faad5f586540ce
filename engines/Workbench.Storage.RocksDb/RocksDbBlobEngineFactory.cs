namespace Workbench.Storage.RocksDb;

/// <summary>Registers "rocksdb-blob": RocksDB 11.12 integrated BlobDB (enable_blob_files and blob GC on by default).</summary>
public sealed class RocksDbBlobEngineFactory : RocksDbEngineFactoryBase
{
    /// <summary>Registry name of the BlobDB variant; its files carry the shared "rocksdb" identity.</summary>
    public const string EngineName = "rocksdb-blob";

    /// <summary>A factory whose option defaults turn integrated BlobDB on (enable_blob_files, blob GC).</summary>
    public RocksDbBlobEngineFactory() : base(blobDefaults: true) { }

    /// <inheritdoc/>
    public override string Name => EngineName;
    /// <inheritdoc/>
    public override string Description => "RocksDB 11.12 integrated BlobDB (blob files + blob GC), otherwise as rocksdb";
}
