using Workbench.Storage.Identity;

namespace Workbench.Storage.RocksDb.Identity;

/// <summary>
/// The file names RocksDB writes in a DB directory (its filename.cc): tables, WALs, blob files,
/// MANIFEST, CURRENT, IDENTITY, LOCK, info logs, OPTIONS and temp files. Used by
/// <see cref="EngineIdentity"/> to accept a RocksDB directory written before identity files existed.
/// </summary>
internal static class RocksDbFileNames
{
    /// <summary>The identity name of both rocksdb engines: one on-disk format (a rocksdb DB opens as rocksdb-blob and back).</summary>
    public const string IdentityName = "rocksdb";

    /// <summary>Version of the identity file's claim (RocksDB's own files carry their own format versions).</summary>
    public const int IdentityFormatVersion = 1;

    public static bool Owns(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name is "CURRENT" or "IDENTITY" or "LOCK" or "LOG") return true;
        if (name.StartsWith("LOG.old.", StringComparison.Ordinal) || name.StartsWith("MANIFEST-", StringComparison.Ordinal)
            || name.StartsWith("OPTIONS-", StringComparison.Ordinal)) return true;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0) return false;
        foreach (var c in name.AsSpan(0, dot))
            if (!char.IsAsciiDigit(c)) return false;
        return name[dot..] is ".sst" or ".log" or ".blob" or ".dbtmp" or ".ldb";
    }
}
