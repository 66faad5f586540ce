using Workbench.Storage.Lsm.Cache;
using Workbench.Storage.Lsm.Table;

namespace Workbench.Storage.Lsm.Tests.ReadPath;

/// <summary>The block cache's references and the buffer pool behind it: an array goes back to the pool only after the cache and every reader let go.</summary>
public class BlockCacheReferenceTests
{
    /// <summary>A pooled, valid, empty block (one restart point) whose array is easy to recognise.</summary>
    private static Block PooledBlock(BlockBufferPool pool, long offset, out byte[] array)
    {
        array = pool.Rent(8);
        array.AsSpan().Clear();
        array[4] = 1; // restart count 1, at offset 4 of an 8-byte block
        return new Block(array, 8, "test", offset, pool);
    }

    [Fact]
    public void An_evicted_block_keeps_its_array_until_its_reader_releases_it()
    {
        var cache = new LruBlockCache(BlockBufferPool.ClassBytes + 64); // one block per shard at most
        var pool = cache.BufferPool!;
        var a = PooledBlock(pool, 0, out var arrayA);
        cache.Insert(new BlockCacheKey(1, 0), a); // the reader keeps its own reference
        // Same shard for every key of one file is not guaranteed: evict by erasing the file instead.
        cache.EraseFile(1);
        Assert.Equal(0, pool.IdleBytes); // the reader still holds it
        Assert.Null(cache.Lookup(new BlockCacheKey(1, 0)));
        a.Release();
        Assert.Equal(arrayA.Length, pool.IdleBytes);
        Assert.Same(arrayA, pool.Rent(8));
    }

    [Fact]
    public void Lookup_hands_out_a_reference_that_outlives_eviction()
    {
        var cache = new LruBlockCache(1 << 20);
        var pool = cache.BufferPool!;
        var a = PooledBlock(pool, 0, out var arrayA);
        cache.Insert(new BlockCacheKey(7, 0), a);
        a.Release(); // the reader is done; only the cache holds it
        Assert.Equal(0, pool.IdleBytes);
        var looked = cache.Lookup(new BlockCacheKey(7, 0));
        Assert.Same(a, looked);
        cache.EraseFile(7);
        Assert.Equal(0, pool.IdleBytes); // the lookup's reference
        looked!.Release();
        Assert.Equal(arrayA.Length, pool.IdleBytes);
    }

    [Fact]
    public void Replacing_a_key_and_capacity_eviction_release_the_cache_reference()
    {
        var cache = new LruBlockCache(16 * (BlockBufferPool.ClassBytes + 64)); // about one block per shard
        var pool = cache.BufferPool!;
        var blocks = new List<Block>();
        for (var i = 0; i < 200; i++)
        {
            var b = PooledBlock(pool, i, out _);
            cache.Insert(new BlockCacheKey(3, i), b);
            b.Release();
            blocks.Add(b);
        }
        Assert.True(cache.Usage <= cache.Capacity + 16 * (BlockBufferPool.ClassBytes + 64), $"usage {cache.Usage}");
        // What was evicted went back to the pool (bounded by its retain limit).
        Assert.True(pool.IdleBytes > 0);
        Assert.True(pool.IdleBytes <= pool.RetainLimitBytes);
        var replaced = PooledBlock(pool, 0, out _);
        var before = pool.IdleBytes;
        cache.Insert(new BlockCacheKey(3, 199), replaced);
        replaced.Release();
        Assert.True(pool.IdleBytes >= before - BlockBufferPool.ClassBytes, "the replaced block's array was not returned");
    }

    [Fact]
    public void Releasing_a_block_more_often_than_referenced_fails_loudly()
    {
        var pool = new BlockBufferPool(1 << 20);
        var a = PooledBlock(pool, 0, out _);
        a.Release();
        Assert.Throws<InvalidOperationException>(a.Release);
    }

    [Fact]
    public void The_pool_keeps_no_more_idle_bytes_than_its_limit_and_sizes_arrays_by_class()
    {
        var pool = new BlockBufferPool(4 * BlockBufferPool.ClassBytes * 9);
        var arrays = new List<byte[]>();
        for (var i = 0; i < 20; i++) arrays.Add(pool.Rent(4096 + 100));
        Assert.All(arrays, a => Assert.Equal(9 * BlockBufferPool.ClassBytes, a.Length));
        foreach (var a in arrays) pool.Return(a);
        Assert.Equal(4 * 9 * BlockBufferPool.ClassBytes, pool.IdleBytes);
        var big = pool.Rent(BlockBufferPool.MaxPooledBytes + 1);
        Assert.Equal(BlockBufferPool.MaxPooledBytes + 1, big.Length);
        pool.Return(big); // not a pooled size: dropped
        Assert.Equal(4 * 9 * BlockBufferPool.ClassBytes, pool.IdleBytes);
    }
}
