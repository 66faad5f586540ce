namespace Workbench.Storage.RocksDb;

/// <summary>Registers "rocksdb": RocksDB 11.12 (the RocksDB NuGet package) with leveled compaction and db_bench 7.8's defaults.</summary>
public sealed class RocksDbEngineFactory : RocksDbEngineFactoryBase
{
    /// <summary>Registry name of plain RocksDB (no blob files by default).</summary>
    public const string EngineName = "rocksdb";

    /// <summary>A factory whose option defaults keep values in the SST files (BlobDB off).</summary>
    public RocksDbEngineFactory() : base(blobDefaults: false) { }

    /// <inheritdoc/>
    public override string Name => EngineName;
    /// <inheritdoc/>
    public override string Description => "RocksDB 11.12 (RocksDbSharp, bundled librocksdb), leveled compaction, db_bench 7.8 defaults";
}
