namespace Workbench.Storage.Lsm.Compression;

/// <summary>
/// Layout of a compressed payload, shared by table blocks and titan's lz4/zstd blob values
/// (FORMAT.md): <c>varint raw_length | masked crc32c of the raw bytes (4) | codec payload</c>.
/// The outer checksum (block trailer / blob record crc) catches damage on disk before a codec sees
/// the bytes; the inner one catches what a codec would accept anyway (LZ4 and Snappy streams carry no
/// checksum and decode much garbage without complaint), so decompressed garbage is never returned.
/// </summary>
internal static class CompressedFormat
{
    public const int RawCrcSize = 4;

    /// <summary>Largest raw length a payload may state: a block (≤ 16 MiB) plus one entry (≤ 64 MiB value + key), with slack.</summary>
    public const int MaxRawLength = 96 << 20;

    /// <summary>Kept only when it saves at least 1/8 (RocksDB's GoodCompressionRatio).</summary>
    public static bool WorthKeeping(int rawLength, int storedLength) => storedLength < rawLength - rawLength / 8;
}
