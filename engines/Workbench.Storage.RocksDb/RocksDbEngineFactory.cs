namespace Workbench.Storage.RocksDb;

/// <summary>Registers "rocksdb": RocksDB 7.8 with leveled compaction and db_bench's defaults.</summary>
public sealed class RocksDbEngineFactory : RocksDbEngineFactoryBase
{
    public const string EngineName = "rocksdb";

    public RocksDbEngineFactory() : base(blobDefaults: false) { }

    public override string Name => EngineName;
    public override string Description => "RocksDB 7.8 (system librocksdb via P/Invoke), leveled compaction, db_bench defaults";
}
