using System.Buffers.Binary;
using System.Globalization;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Compression;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Filter;
using Workbench.Storage.Lsm.Format;

namespace Workbench.Storage.Lsm.Table;

/// <summary>
/// Writes one table (SST): data blocks, bloom filter block, properties block, meta-index block,
/// index block, footer (FORMAT.md). Entries must be added in increasing internal-key order. Data
/// and index blocks are compressed with the builder's codec when that saves at least 1/8 (else
/// stored raw, type 0); filter, properties and meta-index blocks are always raw. Not thread-safe:
/// one flush or compaction job owns a builder.
/// </summary>
internal sealed class TableBuilder : IDisposable
{
    private readonly IWritableFile _file;
    private readonly int _blockSize;
    private readonly int _bloomBitsPerKey;
    private readonly BlockBuilder _data = new();
    private readonly BlockBuilder _index = new(1);
    private readonly List<uint> _keyHashes = [];
    private readonly ITablePropertiesCollector[] _collectors;
    private readonly string _columnFamily;
    private byte[] _lastUserKey = new byte[64];
    private int _lastUserKeyLength = -1;
    private long _offset;
    private long _entries, _deletions, _rawKey, _rawValue, _dataBlocks;
    private readonly byte[] _trailer = new byte[TableFormat.BlockTrailerSize];
    private readonly BlockCompressor? _compressor;
    private readonly LsmStatistics? _stats;
    private long _compressedBlocks, _rawDataBytes;

    /// <param name="file">The new table file; written sequentially, synced and closed by the caller.</param>
    /// <param name="blockSize">Uncompressed bytes at which a data block is cut.</param>
    /// <param name="bloomBitsPerKey">Bloom filter bits per key; 0 = no filter block.</param>
    /// <param name="columnFamily">Name recorded in the table properties.</param>
    /// <param name="collectors">Table properties collectors fed every entry; null = none.</param>
    /// <param name="compression">Codec of the data blocks.</param>
    /// <param name="compressionLevel">codec level; -1 = the codec's default (<see cref="BlockCompressor.DefaultLevel"/>).</param>
    /// <param name="stats">Engine statistics charged with compression counts; null = not counted.</param>
    public TableBuilder(IWritableFile file, int blockSize, int bloomBitsPerKey, string columnFamily, IReadOnlyList<ITablePropertiesCollector>? collectors = null,
        CompressionType compression = CompressionType.None, int compressionLevel = -1, LsmStatistics? stats = null)
    {
        _file = file;
        Compression = compression;
        _compressor = compression == CompressionType.None ? null : new BlockCompressor(compression, compressionLevel < 0 ? BlockCompressor.DefaultLevel(compression) : compressionLevel);
        _stats = stats;
        _blockSize = blockSize;
        _bloomBitsPerKey = bloomBitsPerKey;
        _columnFamily = columnFamily;
        _collectors = collectors is null ? [] : [.. collectors];
    }

    public long Entries => _entries;

    /// <summary>The codec of this table's data and index blocks (blocks it does not shrink enough stay raw).</summary>
    public CompressionType Compression { get; }
    public IWritableFile File => _file;
    public byte[]? Smallest { get; private set; }
    public byte[]? Largest { get; private set; }
    public long SmallestSequence { get; private set; } = long.MaxValue;
    public long LargestSequence { get; private set; }

    /// <summary>Bytes written so far plus the pending data block: what a job compares with the target file size.</summary>
    public long EstimatedFileSize => _offset + _data.EstimatedSize;

    public void Add(ReadOnlySpan<byte> internalKey, ReadOnlySpan<byte> value)
    {
        Smallest ??= internalKey.ToArray();
        _data.Add(internalKey, value);
        var userKey = InternalKey.UserKey(internalKey);
        if (_bloomBitsPerKey > 0 && (_lastUserKeyLength < 0 || !userKey.SequenceEqual(_lastUserKey.AsSpan(0, _lastUserKeyLength))))
        {
            _keyHashes.Add(BloomFilter.Hash(userKey));
            if (_lastUserKey.Length < userKey.Length) _lastUserKey = new byte[Math.Max(userKey.Length, _lastUserKey.Length * 2)];
            userKey.CopyTo(_lastUserKey);
            _lastUserKeyLength = userKey.Length;
        }
        var seq = InternalKey.Sequence(internalKey);
        if (seq < SmallestSequence) SmallestSequence = seq;
        if (seq > LargestSequence) LargestSequence = seq;
        _entries++;
        if (InternalKey.Kind(internalKey) == ValueKind.Deletion) _deletions++;
        _rawKey += internalKey.Length;
        _rawValue += value.Length;
        for (var i = 0; i < _collectors.Length; i++) _collectors[i].Add(internalKey, value); // array: no enumerator per entry
        if (_data.EstimatedSize >= _blockSize) FlushDataBlock();
    }

    /// <summary>Writes the remaining blocks and the footer; returns the file size. Does not sync.</summary>
    public long Finish()
    {
        FlushDataBlock();
        Largest ??= Smallest;
        var metaIndex = new BlockBuilder(1);
        Span<byte> handleBuf = stackalloc byte[BlockHandle.MaxEncodedLength];

        var filterSize = 0L;
        BlockHandle? filterHandle = null;
        if (_bloomBitsPerKey > 0)
        {
            var filter = BloomFilter.Build(_keyHashes, _bloomBitsPerKey);
            filterHandle = WriteBlock(filter);
            filterSize = filter.Length;
        }

        var props = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [TableProperties.NumEntries] = Str(_entries),
            [TableProperties.NumDeletions] = Str(_deletions),
            [TableProperties.RawKeySize] = Str(_rawKey),
            [TableProperties.RawValueSize] = Str(_rawValue),
            [TableProperties.DataSize] = Str(_offset),
            [TableProperties.FilterSize] = Str(filterSize),
            [TableProperties.NumDataBlocks] = Str(_dataBlocks),
            [TableProperties.ColumnFamily] = _columnFamily,
            [TableProperties.Creator] = "Workbench.Storage.Lsm",
            [TableProperties.CompressionName] = CompressionNames.Name(Compression),
            [TableProperties.NumCompressedBlocks] = Str(_compressedBlocks),
            [TableProperties.RawDataSize] = Str(_rawDataBytes),
        };
        foreach (var c in _collectors) c.Finish(props);
        var indexBlock = _index.Finish();
        props[TableProperties.IndexSize] = Str(indexBlock.Length); // uncompressed
        var pb = new BlockBuilder(1);
        foreach (var (k, v) in props) pb.Add(System.Text.Encoding.UTF8.GetBytes(k), System.Text.Encoding.UTF8.GetBytes(v));
        var propsHandle = WriteBlock(pb.Finish());

        // Meta-index keys in bytewise order: "filter.bloom" < "properties".
        if (filterHandle is { } fh)
            metaIndex.Add("filter.bloom"u8, handleBuf[..fh.Encode(handleBuf)]);
        metaIndex.Add("properties"u8, handleBuf[..propsHandle.Encode(handleBuf)]);
        var metaHandle = WriteBlock(metaIndex.Finish());
        var indexHandle = WriteBlock(indexBlock, compress: true);

        Span<byte> footer = stackalloc byte[TableFormat.FooterSize];
        footer.Clear();
        var p = metaHandle.Encode(footer);
        indexHandle.Encode(footer[p..]);
        BinaryPrimitives.WriteInt32LittleEndian(footer[TableFormat.FooterHandlesSize..], TableFormat.FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(footer[(TableFormat.FooterHandlesSize + 4)..], Crc32C.Mask(Crc32C.Compute(footer[..(TableFormat.FooterHandlesSize + 4)])));
        BinaryPrimitives.WriteUInt64LittleEndian(footer[(TableFormat.FooterHandlesSize + 8)..], TableFormat.Magic);
        _file.Append(footer);
        _offset += footer.Length;
        return _offset;
    }

    private static string Str(long v) => v.ToString(CultureInfo.InvariantCulture);

    private void FlushDataBlock()
    {
        if (_data.IsEmpty) return;
        var lastKey = _data.LastKey.ToArray();
        Largest = lastKey;
        var contents = _data.Finish();
        _rawDataBytes += contents.Length;
        var handle = WriteBlock(contents, compress: true);
        _data.Reset();
        _dataBlocks++;
        Span<byte> hb = stackalloc byte[BlockHandle.MaxEncodedLength];
        // Index key = last key of the block: every key in the block is <= it, every later key is > it.
        _index.Add(lastKey, hb[..handle.Encode(hb)]);
    }

    /// <summary>Appends a block and its trailer; with <paramref name="compress"/>, in the builder's codec when worth it.</summary>
    private BlockHandle WriteBlock(ReadOnlySpan<byte> contents, bool compress = false)
    {
        var type = CompressionType.None;
        if (compress && _compressor is not null)
        {
            var stored = _compressor.TryCompress(contents);
            if (!stored.IsEmpty)
            {
                _stats?.Add(LsmStatistics.Ticker.BlocksCompressed);
                _stats?.Add(LsmStatistics.Ticker.BytesCompressedFrom, contents.Length);
                _stats?.Add(LsmStatistics.Ticker.BytesCompressedTo, stored.Length);
                _compressedBlocks++;
                contents = stored;
                type = Compression;
            }
            else _stats?.Add(LsmStatistics.Ticker.BlocksNotCompressed);
        }
        var handle = new BlockHandle(_offset, contents.Length);
        _file.Append(contents);
        _trailer[0] = (byte)type;
        var crc = Crc32C.Extend(Crc32C.Compute(contents), _trailer.AsSpan(0, 1));
        BinaryPrimitives.WriteUInt32LittleEndian(_trailer.AsSpan(1), Crc32C.Mask(crc));
        _file.Append(_trailer);
        _offset += contents.Length + TableFormat.BlockTrailerSize;
        return handle;
    }

    public void Dispose()
    {
        _compressor?.Dispose();
        _file.Dispose();
    }
}
