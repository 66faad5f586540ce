namespace Workbench.Storage.Log;

/// <summary>Constants of the record log format (FORMAT.md beside this file; LevelDB's log format).</summary>
public static class RecordLogFormat
{
    /// <summary>Size of a block: a physical record never crosses a multiple of it.</summary>
    public const int BlockSize = 32 * 1024;

    /// <summary>Physical record header: masked CRC-32C (4) | fragment length (2, little-endian) | type (1).</summary>
    public const int HeaderSize = 7;
}
