namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Codec of a blob record's value (the compression byte of its header; FORMAT.md). LZ4 and Zstd
/// carry RocksDB's <c>CompressionType</c> codes (4, 7), as Titan's records do; Brotli (the codec the
/// .NET base library offers, used before LZ4/Zstd were obtainable) keeps code 1, which in RocksDB's
/// numbering is Snappy — so Snappy is not offered for blobs.
/// </summary>
public enum BlobCompression : byte
{
    /// <summary>Stored as written.</summary>
    None = 0,
    /// <summary>.NET's Brotli (code 1; no RocksDB peer at this code).</summary>
    Brotli = 1,
    /// <summary>LZ4 block format, RocksDB's code 4.</summary>
    Lz4 = 4,
    /// <summary>Zstandard, RocksDB's code 7.</summary>
    Zstd = 7,
}
