using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Flush;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// The memtable-full rule is RocksDB's MemTable::ShouldFlushNow (allocated memory against
/// write_buffer_size + 0.6 arena block, the last block stopped at three quarters), so a memtable holds
/// as many entries as RocksDB's at the same write_buffer_size.
/// </summary>
public class MemtableFullRuleTests
{
    private const long MiB = 1 << 20;

    [Theory]
    [InlineData(64 * MiB, MiB)] // RocksDB's default arena_block_size: min(1 MiB, write_buffer_size / 8) …
    [InlineData(8 * MiB, MiB)]
    [InlineData(2 * MiB, 256 * 1024)]
    [InlineData(3 * MiB, 393_216)]
    [InlineData(100_000, 16_384)] // … rounded up to 4 KiB (12,500 → 16,384)
    [InlineData(16 * 1024, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(1L << 36, MiB)]
    public void The_arena_block_is_RocksDBs_default(long writeBufferSize, long block) =>
        Assert.Equal(block, MemtableFullRule.BlockSize(writeBufferSize));

    [Theory]
    // 64 MiB buffer, 1 MiB blocks: the bound is 64 MiB + 0.6 MiB.
    [InlineData(62 * MiB, 0, false)] // one more block still fits under the bound
    [InlineData(63 * MiB, 0, false)] // 63 + 1 = 64 MiB < 64.6 MiB: the 64th block may still come
    [InlineData(64 * MiB, 300 * 1024, false)] // the last block, less than 3/4 used
    [InlineData(64 * MiB, 256 * 1024, false)] // exactly a quarter left: not yet
    [InlineData(64 * MiB, 256 * 1024 - 1, true)] // under a quarter left
    [InlineData(64 * MiB + 500 * 1024, 300 * 1024, false)] // over write_buffer_size but under the bound (outside bytes): the band
    [InlineData(64 * MiB + 500 * 1024, 100 * 1024, true)]
    [InlineData(65 * MiB, 900 * 1024, true)] // past the bound: full whatever the last block holds
    public void The_rule_is_ShouldFlushNow(long allocated, long chunkUnused, bool full) =>
        Assert.Equal(full, MemtableFullRule.IsFull(allocated, chunkUnused, 64 * MiB, MiB));

    [Fact]
    public void A_chunk_is_counted_in_virtual_blocks_when_RocksDBs_block_is_smaller()
    {
        const long w = 2 * MiB, b = 256 * 1024; // bound = 2 MiB + 153.6 KiB
        // Two chunks (2 MiB) held, but 324 KiB of the second unused: one whole virtual block is not
        // allocated in RocksDB's terms, so 1.75 MiB + a block fits under the bound.
        Assert.False(MemtableFullRule.IsFull(2 * MiB, 324 * 1024, w, b));
        // 60 KiB left: the eighth virtual block is the last one and more than 3/4 used.
        Assert.True(MemtableFullRule.IsFull(2 * MiB, 60 * 1024, w, b));
        // 70 KiB left of the eighth block: not yet.
        Assert.False(MemtableFullRule.IsFull(2 * MiB, 70 * 1024, w, b));
        // With whole 1 MiB blocks the same memtable would already be full (the second chunk is 3/4 used).
        Assert.True(MemtableFullRule.IsFull(2 * MiB, 250 * 1024, w, MiB));
    }

    /// <summary>
    /// The layout's mean arena bytes per entry of <paramref name="entryLength"/> (internal key + value):
    /// the skip-list node lives in the arena (8 bytes of lengths, 8 per level, the entry rounded up to
    /// 8), and its height is random (4/3 levels on average at RocksDB's branching 4), so only the mean
    /// is known and the count is checked within 0.5%. Nothing per entry is held outside the arena.
    /// </summary>
    private static double ArenaBytesPerEntry(int entryLength) => 8 + ((entryLength + 7) & ~7) + 8 * 4.0 / 3;
    private const double CountTolerance = 0.005;
    private const int OutsideBytesPerEntry = 0;

    private static void AssertCount(int expected, long actual, string what)
    {
        var slack = (int)Math.Ceiling(expected * CountTolerance);
        Assert.True(Math.Abs(actual - expected) <= slack, $"{what}: {actual} entries, the rule's arithmetic says {expected} (± {slack})");
    }

    /// <summary>
    /// Fills a memtable with equal entries until the rule says full and checks the count against the
    /// rule's arithmetic done by hand for this layout: entries packed into 1 MiB chunks (an entry that
    /// does not fit starts the next chunk), nothing outside the arena.
    /// </summary>
    [Theory]
    [InlineData(64 * MiB, 16, 1024)] // bench's 1 KB shape: 16-byte keys, 1024-byte values
    [InlineData(2 * MiB, 16, 16384)] // the deep 16 KB shape's 2 MiB memtables
    [InlineData(16 * 1024, 8, 100)] // the tests' tiny memtables
    public void A_memtable_is_full_after_the_computed_number_of_entries(long writeBufferSize, int keySize, int valueSize)
    {
        var expected = ComputedEntries(writeBufferSize, ArenaBytesPerEntry(keySize + InternalKey.TrailerSize + valueSize), OutsideBytesPerEntry);
        var mem = new Memtable(1);
        var key = new byte[keySize];
        var value = new byte[valueSize];
        var n = 0;
        while (!MemtableFullRule.IsFull(mem, writeBufferSize))
        {
            Assert.True(n <= expected * (1 + CountTolerance), $"the memtable is not full after the computed {expected} entries");
            BitConverter.TryWriteBytes(key, n);
            mem.Add(n + 1, ValueKind.Value, key, value);
            n++;
        }
        AssertCount(expected, n, "memtable");
        // Held memory is within RocksDB's band: at most write_buffer_size + 0.6 block (+ the last entry).
        var block = MemtableFullRule.BlockSize(writeBufferSize);
        Assert.True(mem.ApproximateBytes <= writeBufferSize + 0.6 * block + MemtableArena.ChunkSize,
            $"{mem.ApproximateBytes} bytes held");
    }

    /// <summary>
    /// Through the engine's write path: every memtable switched because it was full holds the computed
    /// number of entries (the leader checks before each one-entry write group), and the flush counters
    /// add up.
    /// </summary>
    [Fact]
    public void The_write_path_switches_each_memtable_at_the_computed_number_of_entries()
    {
        const long w = MiB; // 128 KiB blocks
        const int keySize = 16, valueSize = 1000;
        var expected = ComputedEntries(w, ArenaBytesPerEntry(keySize + InternalKey.TrailerSize + valueSize), OutsideBytesPerEntry);
        var overrides = new Dictionary<string, string>
        {
            ["write_buffer_size"] = "1MB",
            ["allow_concurrent_memtable_write"] = "false",
            ["level0_slowdown_writes_trigger"] = "1000",
            ["level0_stop_writes_trigger"] = "1000",
        };
        using var e = LsmTestEngines.Open(new MemoryFileSystem(), "/db", overrides: overrides);
        var cf = e.DefaultColumnFamily();
        var value = new byte[valueSize];
        var key = new byte[keySize];
        const int n = 3500; // three full memtables and part of a fourth
        for (var i = 0; i < n; i++)
        {
            BitConverter.TryWriteBytes(key, i);
            using var b = new WriteBatch();
            b.Put(cf, key, value);
            e.Write(b);
        }
        e.Flush();
        var c = e.GetMetrics().Counters;
        var full = c[FlushCounterNames.WriteBufferFull];
        Assert.Equal(3, full);
        AssertCount(expected, c[FlushCounterNames.WriteBufferFullEntries] / full, "average full memtable");
        Assert.Equal(n, c[FlushCounterNames.InputEntries]); // every entry was flushed once (full ones, then the rest by Flush)
        Assert.Equal(full + 1, c["flush.count"]);
    }

    [Fact]
    public void An_empty_memtable_is_never_full() =>
        Assert.False(MemtableFullRule.IsFull(new Memtable(1), 4096));

    /// <summary>The rule's arithmetic for equal entries of <paramref name="entryBytes"/> in the arena and <paramref name="outsideBytes"/> outside it.</summary>
    private static int ComputedEntries(long writeBufferSize, double entryBytes, int outsideBytes)
    {
        long chunk = MemtableArena.ChunkSize;
        var block = MemtableFullRule.BlockSize(writeBufferSize);
        var bound = writeBufferSize + 0.6 * block;
        var perChunk = (int)(chunk / entryBytes);
        for (var n = 1; ; n++)
        {
            var chunks = (n + perChunk - 1) / perChunk;
            var usedInLast = (long)Math.Ceiling((n - (chunks - 1) * perChunk) * entryBytes);
            // The current chunk's used part rounded up to whole blocks is what RocksDB would have allocated.
            var blocksInLast = (usedInLast + block - 1) / block;
            var allocated = (chunks - 1) * chunk + blocksInLast * block + (long)n * outsideBytes;
            var unused = blocksInLast * block - usedInLast;
            var full = allocated + block >= bound && (allocated > bound || unused < block / 4);
            if (full) return n;
        }
    }
}
