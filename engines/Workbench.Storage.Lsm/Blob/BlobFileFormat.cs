namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Constants of the blob file format (FORMAT.md, "Blob files"): header, records, footer. Stateless.
/// </summary>
internal static class BlobFileFormat
{
    /// <summary>"TBLB" little-endian: first 4 bytes of every blob file.</summary>
    public const uint HeaderMagic = 0x424C4254;
    public const uint Version = 1;
    public const int HeaderSize = 8;

    /// <summary>crc32c (4, masked, over size|compression|payload) | payload size (4) | compression (1).</summary>
    public const int RecordHeaderSize = 9;

    /// <summary>records_end (8) | record_count (8) | magic (8) | crc32c masked over the first 24 bytes (4) | padding (4).</summary>
    public const int FooterSize = 32;
    public const ulong FooterMagic = 0x31544F4F46424C42; // "BLBFOOT1"

    public static string FileName(long number) => number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + ".blob";

    public static bool TryParseFileName(string name, out long number)
    {
        number = 0;
        return name.EndsWith(".blob", StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(0, name.Length - 5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number);
    }
}
