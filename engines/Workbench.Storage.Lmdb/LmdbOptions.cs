using Workbench.Storage.Registry;

namespace Workbench.Storage.Lmdb;

/// <summary>The options of "lmdb", named after LMDB's own (mdb_env_set_mapsize, MDB_NOSYNC, …).</summary>
internal static class LmdbOptions
{
    public const string MapSize = "map_size";
    public const string SyncCommits = "sync_commits";
    public const string NoReadAhead = "no_read_ahead";
    public const string WriteMap = "write_map";
    public const string MaxReaders = "max_readers";

    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new(MapSize, OptionType.Size, 256L << 20, "initial size of the memory map (mdb_env_set_mapsize); doubled whenever a write transaction finds the map full", Min: 1 << 20),
        new(SyncCommits, OptionType.Bool, false, "true: LMDB's default, every commit is fsynced; false: the environment is opened MDB_NOSYNC and only writes with WriteOptions.Sync (and Flush) call mdb_env_sync, as the engine contract asks"),
        new(NoReadAhead, OptionType.Bool, false, "MDB_NORDAHEAD: turn off OS read-ahead on the map (helps random reads of a database larger than RAM)"),
        new(WriteMap, OptionType.Bool, false, "MDB_WRITEMAP: write through a writable map instead of pwrite"),
        new(MaxReaders, OptionType.Int, 1024, "mdb_env_set_maxreaders: concurrent read transactions (snapshots, iterators, point reads in flight)", Min: 8, Max: 1 << 16),
    ];
}
