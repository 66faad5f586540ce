using System.Buffers;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Filter;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Tests;

public class TableTests
{
    private static (MemoryFileSystem Fs, List<(byte[] Key, byte[] Value)> Entries, long Size) Build(int n, int blockSize, int bloomBits, int seed)
    {
        var rng = new Random(seed);
        var userKeys = new SortedSet<byte[]>(Workbench.Storage.Encoding.ByteKeyComparer.Instance);
        while (userKeys.Count < n)
        {
            var k = new byte[rng.Next(0, 24)];
            rng.NextBytes(k);
            userKeys.Add(k);
        }
        var entries = new List<(byte[], byte[])>();
        long seq = 1_000_000;
        foreach (var uk in userKeys)
        {
            var versions = rng.Next(1, 4);
            for (var v = 0; v < versions; v++)
            {
                var value = new byte[rng.Next(0, 300)];
                rng.NextBytes(value);
                entries.Add((InternalKey.Make(uk, seq - v, v == 1 ? ValueKind.Deletion : ValueKind.Value), value));
            }
            seq -= 10;
        }
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/t");
        using var builder = new TableBuilder(fs.CreateFile("/t/1.sst", WriteCategory.Flush), blockSize, bloomBits, "default");
        foreach (var (k, v) in entries) builder.Add(k, v);
        var size = builder.Finish();
        return (fs, entries, size);
    }

    [Theory]
    [InlineData(1, 4096, 10)]
    [InlineData(2000, 256, 10)]
    [InlineData(2000, 4096, 0)]
    public void Every_entry_reads_back_through_iterator_seek_and_point_lookup_and_the_bloom_filter_has_no_false_negatives(int n, int blockSize, int bloomBits)
    {
        var (fs, entries, size) = Build(n, blockSize, bloomBits, 11);
        var stats = new LsmStatistics();
        using var table = new TableReader(fs.OpenRead("/t/1.sst"), "/t/1.sst", 1, size, new LruBlockCache(1 << 16), stats);
        Assert.Equal(entries.Count, table.Properties.GetLong(TableProperties.NumEntries));
        using var it = table.NewIterator(fillCache: true);
        var i = 0;
        for (it.SeekToFirst(); it.Valid; it.Next(), i++)
        {
            Assert.True(it.Key.SequenceEqual(entries[i].Key), $"entry {i}");
            Assert.True(it.Value.SequenceEqual(entries[i].Value), $"value {i}");
        }
        Assert.Equal(entries.Count, i);
        var rng = new Random(3);
        for (var t = 0; t < 300; t++)
        {
            var j = rng.Next(entries.Count);
            it.Seek(entries[j].Key);
            Assert.True(it.Valid && it.Key.SequenceEqual(entries[j].Key));
            var uk = InternalKey.UserKey(entries[j].Key);
            var buf = new ArrayBufferWriter<byte>();
            // newest version at or below the entry's sequence is the entry itself
            Assert.True(table.TryGet(entries[j].Key, BloomFilter.Hash(uk), buf, out var kind, true), $"lookup {j} missed (bloom false negative?)");
            Assert.Equal(InternalKey.Kind(entries[j].Key), kind);
            if (kind == ValueKind.Value) Assert.True(buf.WrittenSpan.SequenceEqual(entries[j].Value));
        }
        // absent keys: mostly rejected by the filter when there is one
        var absent = 0;
        for (var t = 0; t < 2000; t++)
        {
            var k = new byte[30];
            rng.NextBytes(k);
            if (!table.TryGet(InternalKey.ForSeek(k, InternalKey.MaxSequence), BloomFilter.Hash(k), new ArrayBufferWriter<byte>(), out _, true)) absent++;
        }
        Assert.Equal(2000, absent);
        if (bloomBits > 0 && n > 100) Assert.True(stats.Get(LsmStatistics.Ticker.BloomUseful) > 1900, $"bloom rejected only {stats.Get(LsmStatistics.Ticker.BloomUseful)} of 2000");
    }

    [Fact]
    public void Block_cache_evicts_to_its_capacity_and_counts_hits()
    {
        var cache = new LruBlockCache(64 * 1024);
        for (var i = 0; i < 200; i++)
        {
            var data = new byte[1024 + 5];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(1020), 1);
            cache.Insert(new BlockCacheKey(1, i * 2000), new Block(data, 1024, "f", i * 2000));
        }
        Assert.True(cache.Usage <= 64 * 1024 + 2000, $"usage {cache.Usage}");
        Assert.NotNull(cache.Lookup(new BlockCacheKey(1, 199 * 2000)));
        Assert.Null(cache.Lookup(new BlockCacheKey(1, 0)));
        Assert.Equal(1, cache.Hits);
        Assert.Equal(1, cache.Misses);
        cache.EraseFile(1);
        Assert.Equal(0, cache.Usage);
    }

    [Fact]
    public void A_block_iterator_reset_onto_another_block_reads_only_that_block()
    {
        static (Block Block, List<(byte[] Key, byte[] Value)> Entries) Make(string prefix, int n, int keyPad)
        {
            var b = new BlockBuilder(restartInterval: 3);
            var entries = new List<(byte[], byte[])>();
            for (var i = 0; i < n; i++)
            {
                var key = InternalKey.Make(System.Text.Encoding.ASCII.GetBytes($"{prefix}{i:D4}{new string('x', keyPad)}"), 100, ValueKind.Value);
                var value = System.Text.Encoding.ASCII.GetBytes($"{prefix}-value-{i}");
                b.Add(key, value);
                entries.Add((key, value));
            }
            var data = b.Finish().ToArray();
            return (new Block(data, data.Length, prefix, 0), entries);
        }
        var (first, _) = Make("a", 10, keyPad: 200); // long keys grow the iterator's key buffer
        var (second, secondEntries) = Make("b", 7, keyPad: 0);
        var it = new BlockIterator(first);
        for (it.SeekToFirst(); it.Valid; it.Next()) { }
        it.Reset(second);
        Assert.False(it.Valid);
        var count = 0;
        for (it.SeekToFirst(); it.Valid; it.Next(), count++)
        {
            Assert.True(count < secondEntries.Count, "more entries than the block holds");
            Assert.Equal(secondEntries[count].Key, it.Key.ToArray());
            Assert.Equal(secondEntries[count].Value, it.Value.ToArray());
        }
        Assert.Equal(secondEntries.Count, count);
        it.Seek(secondEntries[4].Key);
        Assert.True(it.Valid && it.Key.SequenceEqual(secondEntries[4].Key));
        it.Reset(Block.Empty);
        it.SeekToFirst();
        Assert.False(it.Valid);
    }
}
