using System.Buffers;
using System.Buffers.Binary;
using Workbench.Storage.Encoding;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Filter;
using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// An open table: footer, index block, bloom filter and properties held in memory; data blocks
/// read on demand through the shared <see cref="LruBlockCache"/>. Every block's checksum is verified
/// when read from the file; a mismatch (or bad magic, impossible handle) raises
/// <see cref="CorruptionException"/> with the file and offset — wrong data is never returned.
/// Thread-safe: reads are positional and the cached state is immutable.
/// </summary>
internal sealed class TableReader : IDisposable
{
    private readonly IReadableFile _file;
    private readonly LruBlockCache _cache;
    private readonly LsmStatistics _stats;
    private readonly Block _index;
    private readonly byte[]? _filter;

    /// <summary>The table was built with a codec: block reads go through a pooled buffer (then
    /// decompressed into the block's own array) instead of reading straight into the block's array.</summary>
    private readonly bool _compressed;

    public TableReader(IReadableFile file, string name, long fileNumber, long fileSize, LruBlockCache cache, LsmStatistics stats)
    {
        _file = file;
        Name = name;
        FileNumber = fileNumber;
        _cache = cache;
        _stats = stats;
        if (fileSize < TableFormat.FooterSize) throw new CorruptionException(name, 0, $"file of {fileSize} bytes is too short to be a table");
        Span<byte> footer = stackalloc byte[TableFormat.FooterSize];
        ReadExactly(fileSize - TableFormat.FooterSize, footer);
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer[(TableFormat.FooterHandlesSize + 8)..]) != TableFormat.Magic)
            throw new CorruptionException(name, fileSize - 8, "bad table magic number");
        var storedCrc = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(footer[(TableFormat.FooterHandlesSize + 4)..]));
        if (storedCrc != Crc32C.Compute(footer[..(TableFormat.FooterHandlesSize + 4)]))
            throw new CorruptionException(name, fileSize - TableFormat.FooterSize, "footer checksum mismatch");
        if (!BlockHandle.TryDecode(footer, out var metaHandle, out var n) || !BlockHandle.TryDecode(footer[n..], out var indexHandle, out _))
            throw new CorruptionException(name, fileSize - TableFormat.FooterSize, "bad block handles in footer");
        // Meta-index and properties first: the properties say whether data blocks may be compressed.
        FileSize = fileSize;
        var meta = ReadBlock(metaHandle);
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var it = new BlockIterator(meta, internalKeys: false))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                if (!BlockHandle.TryDecode(it.Value, out var h, out _)) throw new CorruptionException(name, metaHandle.Offset, "bad handle in meta-index");
                if (it.Key.SequenceEqual("filter.bloom"u8)) _filter = ReadContents(h, null, null, out var filterLength).AsSpan(0, filterLength).ToArray();
                else if (it.Key.SequenceEqual("properties"u8))
                {
                    using var pit = new BlockIterator(ReadBlock(h), internalKeys: false);
                    for (pit.SeekToFirst(); pit.Valid; pit.Next())
                        props[System.Text.Encoding.UTF8.GetString(pit.Key)] = System.Text.Encoding.UTF8.GetString(pit.Value);
                }
            }
        }
        Properties = new TableProperties(props);
        _compressed = props.TryGetValue(TableProperties.CompressionName, out var codec) && codec != "none";
        _index = ReadBlock(indexHandle);
    }

    public string Name { get; }
    public long FileNumber { get; }
    public long FileSize { get; }
    public TableProperties Properties { get; }

    /// <summary>
    /// Finds the newest entry for the user key of <paramref name="seekKey"/> with sequence at most the
    /// seek key's. Returns false when this table has no such entry; else kind says value or deletion
    /// and a value is appended to <paramref name="value"/>.
    /// </summary>
    public bool TryGet(ReadOnlySpan<byte> seekKey, uint userKeyHash, IBufferWriter<byte> value, out ValueKind kind, bool fillCache)
    {
        kind = ValueKind.Deletion;
        if (_filter is not null)
        {
            if (!BloomFilter.MayContain(_filter, userKeyHash))
            {
                _stats.Add(LsmStatistics.Ticker.BloomUseful);
                return false;
            }
            _stats.Add(LsmStatistics.Ticker.BloomChecked);
        }
        // Point reads probe a table per level: the two block iterators come from a per-thread cache
        // instead of being allocated each time. Taken out of the cache while in use (so a nested call
        // on the same thread could never share them) and pointed at the empty block afterwards (so
        // the cache keeps no table's blocks alive).
        var index = t_getIndex ?? new BlockIterator(Block.Empty);
        var it = t_getData ?? new BlockIterator(Block.Empty);
        t_getIndex = null;
        t_getData = null;
        Block? block = null;
        try
        {
            index.Reset(_index);
            index.Seek(seekKey);
            if (!index.Valid) return false;
            block = ReadDataBlock(index.Value, fillCache);
            it.Reset(block);
            it.Seek(seekKey);
            if (!it.Valid) return false;
            if (!InternalKey.UserKey(it.Key).SequenceEqual(InternalKey.UserKey(seekKey))) return false;
            kind = InternalKey.Kind(it.Key);
            if (kind != ValueKind.Deletion) value.Write(it.Value);
            return true;
        }
        finally
        {
            index.Reset(Block.Empty);
            it.Reset(Block.Empty);
            t_getIndex = index;
            t_getData = it;
            block?.Release(); // the value was copied out above
        }
    }

    /// <summary>The handles of the data blocks in file order (from the index block); for tools and tests.</summary>
    internal List<BlockHandle> DataBlockHandles()
    {
        var handles = new List<BlockHandle>();
        using var it = new BlockIterator(_index);
        for (it.SeekToFirst(); it.Valid; it.Next())
        {
            if (!BlockHandle.TryDecode(it.Value, out var h, out _)) throw new CorruptionException(Name, -1, "bad block handle in index block");
            handles.Add(h);
        }
        return handles;
    }

    [ThreadStatic] private static BlockIterator? t_getIndex;
    [ThreadStatic] private static BlockIterator? t_getData;

    /// <param name="fillCache">Whether blocks read go into the block cache (false for compaction inputs).</param>
    /// <param name="compaction">true for compaction inputs: sequential read-ahead from the first block.
    /// User iterators read block by block: measured (100-entry scans over 11 tables) growing
    /// read-ahead made seeks ~4× slower (bytes read beyond the scan, buffer churn).</param>
    /// <param name="readaheadSize">Bytes per read of a compaction input (the engine passes compaction_readahead_size).</param>
    public TableIterator NewIterator(bool fillCache, bool compaction = false, int readaheadSize = 512 * 1024) =>
        new(this, new BlockIterator(_index), fillCache, compaction ? new ReadaheadBuffer((int)Math.Min(readaheadSize, Math.Max(4096, FileSize))) : null);

    /// <summary>
    /// Reads the data block named by an encoded handle (index entry value), through the cache. The
    /// caller owns one reference on the block and must <see cref="Block.Release"/> it when done with
    /// it (its array is pooled: a cache miss allocates nothing once the pool has arrays).
    /// </summary>
    internal Block ReadDataBlock(ReadOnlySpan<byte> encodedHandle, bool fillCache, ReadaheadBuffer? readahead = null)
    {
        if (!BlockHandle.TryDecode(encodedHandle, out var handle, out _)) throw new CorruptionException(Name, -1, "bad block handle in index block");
        var key = new BlockCacheKey(FileNumber, handle.Offset);
        var cached = _cache.Lookup(key);
        if (cached is not null) return cached;
        var pool = _cache.BufferPool;
        var data = ReadContents(handle, readahead, pool, out var length);
        Block block;
        try
        {
            block = new Block(data, length, Name, handle.Offset, pool);
        }
        catch
        {
            pool?.Return(data);
            throw;
        }
        if (fillCache) _cache.Insert(key, block); // the cache holds uncompressed blocks
        return block;
    }

    private Block ReadBlock(BlockHandle handle, ReadaheadBuffer? readahead = null)
    {
        var data = ReadContents(handle, readahead, null, out var length);
        return new Block(data, length, Name, handle.Offset);
    }

    /// <summary>
    /// Reads a block with its trailer, verifies the checksum and type, and returns an array whose first
    /// <paramref name="length"/> bytes are the uncompressed contents (owned by the caller: it becomes
    /// the block's, possibly shared through the cache). With a <paramref name="pool"/> the array is
    /// the pool's (and may be longer); on failure it has been given back.
    /// </summary>
    private byte[] ReadContents(BlockHandle handle, ReadaheadBuffer? readahead, BlockBufferPool? pool, out int length)
    {
        if (handle.Offset < 0 || handle.Offset + handle.Size + TableFormat.BlockTrailerSize > FileSize)
            throw new CorruptionException(Name, handle.Offset, $"block handle (size {handle.Size}) points past the end of the file");
        var size = (int)handle.Size;
        if (!_compressed)
        {
            // Uncompressed table: read straight into the block's array (no copy).
            var buf = pool?.Rent(size + TableFormat.BlockTrailerSize) ?? new byte[size + TableFormat.BlockTrailerSize];
            var keep = false;
            try
            {
                ReadStored(handle, buf.AsSpan(0, size + TableFormat.BlockTrailerSize), readahead);
                var type = Verify(buf, size, handle.Offset);
                length = size;
                if (type == CompressionType.None)
                {
                    keep = true;
                    return buf;
                }
                return Decompress(type, buf.AsSpan(0, size), handle.Offset, pool, out length);
            }
            finally
            {
                if (!keep) pool?.Return(buf);
            }
        }
        var rented = ArrayPool<byte>.Shared.Rent(size + TableFormat.BlockTrailerSize);
        try
        {
            var stored = rented.AsSpan(0, size + TableFormat.BlockTrailerSize);
            ReadStored(handle, stored, readahead);
            var type = Verify(stored, size, handle.Offset);
            length = size;
            if (type != CompressionType.None) return Decompress(type, stored[..size], handle.Offset, pool, out length);
            if (pool is null) return stored[..size].ToArray();
            var copy = pool.Rent(size);
            stored[..size].CopyTo(copy);
            return copy;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void ReadStored(BlockHandle handle, Span<byte> dest, ReadaheadBuffer? readahead)
    {
        if (readahead is null || !readahead.TryRead(_file, FileSize, handle.Offset, dest)) ReadExactly(handle.Offset, dest);
        _stats.Add(LsmStatistics.Ticker.BlockReadBytes, handle.Size);
    }

    /// <summary>Checks the trailer's crc (over the stored bytes and the type byte) and that the type is a known codec.</summary>
    private CompressionType Verify(ReadOnlySpan<byte> stored, int size, long offset)
    {
        var type = stored[size];
        var expected = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(stored[(size + 1)..]));
        if (expected != Crc32C.Compute(stored[..(size + 1)])) throw new CorruptionException(Name, offset, "block checksum mismatch");
        if (!CompressionNames.IsKnown(type)) throw new CorruptionException(Name, offset, $"unknown compression type {type}");
        return (CompressionType)type;
    }

    private byte[] Decompress(CompressionType type, ReadOnlySpan<byte> stored, long offset, BlockBufferPool? pool, out int length)
    {
        length = BlockDecompressor.RawLength(stored, Name, offset);
        var raw = pool?.Rent(length) ?? new byte[length];
        try
        {
            BlockDecompressor.Decompress(type, stored, raw.AsSpan(0, length), Name, offset);
        }
        catch
        {
            pool?.Return(raw);
            throw;
        }
        _stats.Add(LsmStatistics.Ticker.BlocksDecompressed);
        _stats.Add(LsmStatistics.Ticker.BytesDecompressed, length);
        return raw;
    }

    private void ReadExactly(long offset, Span<byte> dest)
    {
        var n = _file.ReadAt(offset, dest);
        if (n != dest.Length) throw new CorruptionException(Name, offset, $"short read: {n} of {dest.Length} bytes");
    }

    public void Dispose() => _file.Dispose();
}
