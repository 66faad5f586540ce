namespace Workbench.Storage.Lsm;

/// <summary>
/// Codec of a blob record's value (the compression byte of its header; FORMAT.md). Brotli is the
/// codec the .NET base library offers without native packages; LZ4, Snappy and Zstd (Titan's usual
/// choices) are not obtainable here.
/// </summary>
public enum BlobCompression : byte
{
    None = 0,
    Brotli = 1,
}
