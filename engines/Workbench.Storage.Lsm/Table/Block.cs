using System.Buffers.Binary;
using Workbench.Storage.Errors;
using Workbench.Storage.Lsm.Cache;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// An immutable, checksum-verified block (contents without trailer) with its restart array located.
/// Shared through the block cache; thread-safe because immutable.
/// <para>
/// A block read with a <see cref="BlockBufferPool"/> is reference-counted: it starts with one
/// reference (its reader's), the block cache takes one while it holds it, and whoever got it from
/// <see cref="TableReader.ReadDataBlock"/> releases it when done; the last release gives the array
/// back to the pool, so nothing may touch <see cref="Data"/> (or a span into it) after its own
/// release. A block without a pool (index, filter, meta blocks) ignores references and is the GC's.
/// </para>
/// </summary>
internal sealed class Block
{
    private readonly BlockBufferPool? _pool;
    private int _refs = 1;

    public Block(byte[] data, int length, string file, long offset, BlockBufferPool? pool = null)
    {
        _pool = pool;
        Data = data;
        Length = length;
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

    /// <summary>The array holding the contents in its first <see cref="Length"/> bytes (a pooled array may be longer).</summary>
    public byte[] Data { get; }

    /// <summary>Bytes of contents (entries and restart array) at the start of <see cref="Data"/>.</summary>
    public int Length { get; }
    public string File { get; }
    public long Offset { get; }
    public int NumRestarts { get; }

    /// <summary>Where the restart array begins = end of the entries.</summary>
    public int RestartOffset { get; }

    public int Restart(int i) => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(RestartOffset + i * 4));

    /// <summary>Takes a reference; only while another reference is held (the cache's, or the caller's own).</summary>
    public void Ref()
    {
        if (_pool is not null) Interlocked.Increment(ref _refs);
    }

    /// <summary>Drops a reference; the last one returns the array to the pool.</summary>
    public void Release()
    {
        if (_pool is null) return;
        var left = Interlocked.Decrement(ref _refs);
        if (left > 0) return;
        if (left < 0) throw new InvalidOperationException($"block at {Offset} of {File} released more often than referenced");
        _pool.Return(Data);
    }

    /// <summary>Bytes charged to the block cache.</summary>
    public int Charge => Data.Length + 64;
}
