namespace Workbench.Storage.Lsm.Compression;

/// <summary>
/// Block codec of a table block (the type byte of its trailer, FORMAT.md). The numbers are
/// RocksDB's <c>CompressionType</c> codes, so a dump reads the same as RocksDB's; codes this engine
/// does not write (zlib 2, bzip2 3, lz4hc 5, xpress 6) are corruption when read.
/// </summary>
public enum CompressionType : byte
{
    /// <summary>Block stored as written.</summary>
    None = 0,
    /// <summary>Snappy (RocksDB's kSnappyCompression, code 1).</summary>
    Snappy = 1,
    /// <summary>LZ4 fast or HC by level (RocksDB's kLZ4Compression, code 4).</summary>
    Lz4 = 4,
    /// <summary>Zstandard (RocksDB's kZSTD, code 7).</summary>
    Zstd = 7,
}
