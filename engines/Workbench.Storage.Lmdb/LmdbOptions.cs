using Workbench.Storage.Registry;

namespace Workbench.Storage.Lmdb;

/// <summary>
/// The options of "lmdb", named after LMDB's own (mdb_env_set_mapsize, MDB_NOSYNC, …): each declared
/// once below and bound to its property, which takes its default from the declaration (the pattern of
/// docs/DESIGN.md §6). Immutable.
/// </summary>
internal sealed record LmdbOptions
{
    public const string MapSizeName = "map_size";
    public const string SyncCommitsName = "sync_commits";
    public const string NoReadAheadName = "no_read_ahead";
    public const string WriteMapName = "write_map";
    public const string MaxReadersName = "max_readers";

    public static readonly EngineOption<long> MapSizeOption = EngineOption.Size(MapSizeName, 256L << 20, "initial size of the memory map (mdb_env_set_mapsize); doubled whenever a write transaction finds the map full", min: 1 << 20);
    public static readonly EngineOption<bool> SyncCommitsOption = EngineOption.Bool(SyncCommitsName, false, "true: LMDB's default, every commit is fsynced; false: the environment is opened MDB_NOSYNC and only writes with WriteOptions.Sync (and Flush) call mdb_env_sync, as the engine contract asks");
    public static readonly EngineOption<bool> NoReadAheadOption = EngineOption.Bool(NoReadAheadName, false, "MDB_NORDAHEAD: turn off OS read-ahead on the map (helps random reads of a database larger than RAM)");
    public static readonly EngineOption<bool> WriteMapOption = EngineOption.Bool(WriteMapName, false, "MDB_WRITEMAP: write through a writable map instead of pwrite");
    public static readonly EngineOption<int> MaxReadersOption = EngineOption.Int(MaxReadersName, 1024, "mdb_env_set_maxreaders: concurrent read transactions (snapshots, iterators, point reads in flight)", min: 8, max: 1 << 16);

    /// <summary>The declarations bound to their properties, in the order `workbench engines` lists them.</summary>
    public static readonly OptionSet<LmdbOptions> Declared = new(
    [
        MapSizeOption.Bind<LmdbOptions>(o => o.MapSize, (o, v) => o with { MapSize = v }),
        SyncCommitsOption.Bind<LmdbOptions>(o => o.SyncCommits, (o, v) => o with { SyncCommits = v }),
        NoReadAheadOption.Bind<LmdbOptions>(o => o.NoReadAhead, (o, v) => o with { NoReadAhead = v }),
        WriteMapOption.Bind<LmdbOptions>(o => o.WriteMap, (o, v) => o with { WriteMap = v }),
        MaxReadersOption.Bind<LmdbOptions>(o => o.MaxReaders, (o, v) => o with { MaxReaders = v }),
    ]);

    public static IReadOnlyList<OptionSpec> Specs { get; } = Declared.Specs;

    /// <summary>Initial map size in bytes.</summary>
    public long MapSize { get; init; } = MapSizeOption.Default;
    /// <summary>fsync every commit (LMDB's default) instead of MDB_NOSYNC.</summary>
    public bool SyncCommits { get; init; } = SyncCommitsOption.Default;
    /// <summary>MDB_NORDAHEAD.</summary>
    public bool NoReadAhead { get; init; } = NoReadAheadOption.Default;
    /// <summary>MDB_WRITEMAP.</summary>
    public bool WriteMap { get; init; } = WriteMapOption.Default;
    /// <summary>mdb_env_set_maxreaders.</summary>
    public int MaxReaders { get; init; } = MaxReadersOption.Default;

    /// <summary>The options of validated registry values.</summary>
    public static LmdbOptions From(EngineOptions options) => Declared.Apply(new LmdbOptions(), options);
}
