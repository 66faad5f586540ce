using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;

namespace Workbench.Storage.Lsm.Tests;

public class MemtableChunkPoolTests
{
    [Fact]
    public void A_memtable_returns_its_chunks_only_after_its_last_reference()
    {
        var pool = new MemtableChunkPool(capacity: 64);
        var mem = new Memtable(1, pool);
        var value = new byte[1000];
        for (var i = 0; i < 3000; i++) mem.Add(i + 1, ValueKind.Value, BitConverter.GetBytes(i), value); // ~3 MiB: several chunks
        mem.Ref(); // a reader's view
        mem.Unref(); // the column family's reference
        Assert.Equal(0, pool.Count);
        Assert.True(mem.TryGet(InternalKey.ForSeek(BitConverter.GetBytes(7), 100_000), out var node));
        Assert.Equal(value.Length, node!.Value.Length);
        mem.Unref(); // the reader's: now nothing can read the arena
        Assert.True(pool.Count >= 3, $"pool holds {pool.Count} chunks");
        Assert.Throws<InvalidOperationException>(mem.Unref);

        var reused = new Memtable(2, pool);
        var before = pool.Count;
        reused.Add(1, ValueKind.Value, "k"u8, value);
        Assert.Equal(before - 1, pool.Count);
    }

    [Fact]
    public void The_pool_keeps_at_most_its_capacity()
    {
        var pool = new MemtableChunkPool(capacity: 2);
        for (var i = 0; i < 5; i++) pool.Return(new byte[16]);
        Assert.Equal(2, pool.Count);
    }
}
