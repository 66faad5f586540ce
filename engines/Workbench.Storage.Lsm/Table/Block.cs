using System.Buffers.Binary;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// An immutable, checksum-verified block (contents without trailer) with its restart array located.
/// Shared through the block cache; thread-safe because immutable.
/// </summary>
internal sealed class Block
{
    public Block(byte[] data, int length, string file, long offset)
    {
        Data = data;
        File = file;
        Offset = offset;
        if (length < 4) throw new CorruptionException(file, offset, "block too short for its restart count");
        NumRestarts = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(length - 4));
        if (NumRestarts < 1 || (long)NumRestarts * 4 + 4 > length)
            throw new CorruptionException(file, offset, $"bad restart count {NumRestarts}");
        RestartOffset = length - 4 - NumRestarts * 4;
    }

    /// <summary>A valid block with no entries (one restart point at 0), for iterators that must hold no real block.</summary>
    public static readonly Block Empty = new([0, 0, 0, 0, 1, 0, 0, 0], 8, "(empty block)", 0);

    public byte[] Data { get; }
    public string File { get; }
    public long Offset { get; }
    public int NumRestarts { get; }

    /// <summary>Where the restart array begins = end of the entries.</summary>
    public int RestartOffset { get; }

    public int Restart(int i) => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(RestartOffset + i * 4));

    /// <summary>Bytes charged to the block cache.</summary>
    public int Charge => Data.Length + 64;
}
