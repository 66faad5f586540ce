namespace Workbench.Storage.Lsm.Compression;

/// <summary>
/// Block codec of a table block (the type byte of its trailer, FORMAT.md). The numbers are
/// RocksDB's <c>CompressionType</c> codes, so a dump reads the same as RocksDB's; codes this engine
/// does not write (zlib 2, bzip2 3, lz4hc 5, xpress 6) are corruption when read.
/// </summary>
public enum CompressionType : byte
{
    None = 0,
    Snappy = 1,
    Lz4 = 4,
    Zstd = 7,
}
