namespace Workbench.Storage.Lsm.Table;

/// <summary>Constants of the table (SST) format; see FORMAT.md.</summary>
internal static class TableFormat
{
    /// <summary>"WBLSMSST" read as a little-endian ulong.</summary>
    public const ulong Magic = 0x5453534d534c4257UL;
    public const int FormatVersion = 1;

    /// <summary>compression type (1) | masked crc32c of contents + type (4).</summary>
    public const int BlockTrailerSize = 5;

    /// <summary>handles padded to 40 | version (4) | masked crc32c of the first 44 bytes (4) | magic (8).</summary>
    public const int FooterSize = 56;
    public const int FooterHandlesSize = 40;


    public const string FilterBlockName = "filter.bloom";
    public const string PropertiesBlockName = "properties";
}
