namespace Workbench.Storage.Lsm.Wal;

/// <summary>Constants of the log format shared by the WAL and the MANIFEST (see FORMAT.md).</summary>
internal static class WalFormat
{
    public const int BlockSize = 32 * 1024;

    /// <summary>crc32c masked (4) | length (2, little-endian) | type (1).</summary>
    public const int HeaderSize = 7;
}
