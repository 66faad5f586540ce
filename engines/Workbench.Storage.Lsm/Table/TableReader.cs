using System.Buffers;
using System.Buffers.Binary;
using Workbench.Storage.Encoding;

namespace Workbench.Storage.Lsm;

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
        _index = ReadBlockFromFile(indexHandle, fileSize);
        var meta = ReadBlockFromFile(metaHandle, fileSize);
        var props = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var it = new BlockIterator(meta, internalKeys: false))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                if (!BlockHandle.TryDecode(it.Value, out var h, out _)) throw new CorruptionException(name, metaHandle.Offset, "bad handle in meta-index");
                if (it.Key.SequenceEqual("filter.bloom"u8)) _filter = ReadVerified(h, fileSize).AsSpan(0, (int)h.Size).ToArray();
                else if (it.Key.SequenceEqual("properties"u8))
                {
                    using var pit = new BlockIterator(ReadBlockFromFile(h, fileSize), internalKeys: false);
                    for (pit.SeekToFirst(); pit.Valid; pit.Next())
                        props[System.Text.Encoding.UTF8.GetString(pit.Key)] = System.Text.Encoding.UTF8.GetString(pit.Value);
                }
            }
        }
        Properties = new TableProperties(props);
        FileSize = fileSize;
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
        try
        {
            index.Reset(_index);
            index.Seek(seekKey);
            if (!index.Valid) return false;
            it.Reset(ReadDataBlock(index.Value, fillCache));
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
        }
    }

    [ThreadStatic] private static BlockIterator? t_getIndex;
    [ThreadStatic] private static BlockIterator? t_getData;

    /// <param name="compaction">true for compaction inputs: 512 KiB read-ahead from the first block.
    /// User iterators read block by block: measured (100-entry scans over 11 tables) growing
    /// read-ahead made seeks ~4× slower (bytes read beyond the scan, buffer churn).</param>
    public TableIterator NewIterator(bool fillCache, bool compaction = false) =>
        new(this, new BlockIterator(_index), fillCache, compaction ? new ReadaheadBuffer(512 * 1024) : null);

    /// <summary>Reads the data block named by an encoded handle (index entry value), through the cache.</summary>
    internal Block ReadDataBlock(ReadOnlySpan<byte> encodedHandle, bool fillCache, ReadaheadBuffer? readahead = null)
    {
        if (!BlockHandle.TryDecode(encodedHandle, out var handle, out _)) throw new CorruptionException(Name, -1, "bad block handle in index block");
        var key = new BlockCacheKey(FileNumber, handle.Offset);
        var cached = _cache.Lookup(key);
        if (cached is not null) return cached;
        var block = new Block(ReadVerified(handle, FileSize, readahead), (int)handle.Size, Name, handle.Offset);
        if (fillCache) _cache.Insert(key, block);
        return block;
    }

    private Block ReadBlockFromFile(BlockHandle handle, long fileSize) => new(ReadVerified(handle, fileSize), (int)handle.Size, Name, handle.Offset);

    /// <summary>Reads a block with its trailer and verifies the checksum; the contents are the first handle.Size bytes.</summary>
    private byte[] ReadVerified(BlockHandle handle, long fileSize, ReadaheadBuffer? readahead = null)
    {
        if (handle.Offset < 0 || handle.Offset + handle.Size + TableFormat.BlockTrailerSize > fileSize)
            throw new CorruptionException(Name, handle.Offset, $"block handle (size {handle.Size}) points past the end of the file");
        var size = (int)handle.Size;
        var buf = new byte[size + TableFormat.BlockTrailerSize];
        if (readahead is null || !readahead.TryRead(_file, fileSize, handle.Offset, buf)) ReadExactly(handle.Offset, buf);
        var type = buf[size];
        var expected = Crc32C.Unmask(BinaryPrimitives.ReadUInt32LittleEndian(buf.AsSpan(size + 1)));
        var actual = Crc32C.Compute(buf.AsSpan(0, size + 1));
        if (expected != actual) throw new CorruptionException(Name, handle.Offset, "block checksum mismatch");
        if (type != TableFormat.NoCompression) throw new CorruptionException(Name, handle.Offset, $"unknown compression type {type}");
        _stats.Add(LsmStatistics.Ticker.BlockReadBytes, size);
        return buf;
    }

    private void ReadExactly(long offset, Span<byte> dest)
    {
        var n = _file.ReadAt(offset, dest);
        if (n != dest.Length) throw new CorruptionException(Name, offset, $"short read: {n} of {dest.Length} bytes");
    }

    public void Dispose() => _file.Dispose();
}
