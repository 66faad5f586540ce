namespace Workbench.Storage.RocksDb;

/// <summary>Registers "rocksdb-blob": RocksDB 11.12 integrated BlobDB (enable_blob_files and blob GC on by default).</summary>
public sealed class RocksDbBlobEngineFactory : RocksDbEngineFactoryBase
{
    public const string EngineName = "rocksdb-blob";

    public RocksDbBlobEngineFactory() : base(blobDefaults: true) { }

    public override string Name => EngineName;
    public override string Description => "RocksDB 11.12 integrated BlobDB (blob files + blob GC), otherwise as rocksdb";
}
