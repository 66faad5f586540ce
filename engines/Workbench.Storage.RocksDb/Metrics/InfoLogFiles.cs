namespace Workbench.Storage.RocksDb.Metrics;

/// <summary>
/// Bytes of RocksDB's info log (<c>LOG</c>, and <c>LOG.old.*</c> kept from earlier opens) in a DB
/// directory: no ticker counts them, yet every flush and compaction appends a few lines of JSON
/// events (≈ 2.6 KB per table file written, measured), so a compaction-heavy run writes megabytes
/// there. The sum only grows while the DB is open (the log is rolled only at open, when the old one
/// becomes LOG.old.*, still counted). Stateless.
/// </summary>
internal static class InfoLogFiles
{
    /// <summary>The info log's file name in the DB directory (no db_log_dir is set).</summary>
    public const string Name = "LOG";

    /// <summary>The engine counter that carries <see cref="Bytes"/>.</summary>
    public const string CounterName = "info_log.bytes";

    /// <summary>Bytes of LOG and LOG.old.* in <paramref name="directory"/>.</summary>

    public static long Bytes(string directory)
    {
        long total = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles(Name + "*"))
        {
            if (file.Name != Name && !file.Name.StartsWith(Name + ".old.", StringComparison.Ordinal)) continue;
            try
            {
                total += file.Length;
            }
            catch (FileNotFoundException)
            {
                // an old log removed by keep_log_file_num while we listed
            }
        }
        return total;
    }
}
