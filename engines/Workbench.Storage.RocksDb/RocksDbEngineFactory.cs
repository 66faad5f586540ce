namespace Workbench.Storage.RocksDb;

/// <summary>Registers "rocksdb": RocksDB 11.12 (the RocksDB NuGet package) with leveled compaction and db_bench 7.8's defaults.</summary>
public sealed class RocksDbEngineFactory : RocksDbEngineFactoryBase
{
    public const string EngineName = "rocksdb";

    public RocksDbEngineFactory() : base(blobDefaults: false) { }

    public override string Name => EngineName;
    public override string Description => "RocksDB 11.12 (RocksDbSharp, bundled librocksdb), leveled compaction, db_bench 7.8 defaults";
}
