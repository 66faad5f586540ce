using Workbench.Storage.Lsm.Table;

namespace Workbench.Storage.Lsm.Cache;

/// <summary>
/// A sharded LRU cache of table blocks, bounded by total charge (bytes). Thread-safe: one lock per
/// shard (16 shards, picked by key hash) keeps contention low. The cache holds one reference on each
/// block it keeps (<see cref="Block.Ref"/>) and releases it on eviction, so a block evicted while a
/// reader still uses it lives until that reader releases it too. <see cref="Lookup"/> hands out a
/// reference the caller must release. Lookups and inserts allocate nothing once the shards have
/// grown (list nodes of evicted entries are reused).
/// </summary>
internal sealed class LruBlockCache
{
    private const int ShardCount = 16;
    private readonly Shard[] _shards = new Shard[ShardCount];
    private long _hits;
    private long _misses;

    /// <param name="capacityBytes">Total charge (bytes) the cache keeps at most; 0 = no caching.</param>
    /// <param name="poolBuffers">Whether data blocks read for this cache take their arrays from <see cref="BufferPool"/> (else null: a new array per read).</param>
    public LruBlockCache(long capacityBytes, bool poolBuffers = true)
    {
        Capacity = capacityBytes;
        // Idle arrays beyond what the cache counts: an eighth of it (at least 256 KiB) covers the
        // blocks in flight between an eviction and the next miss.
        BufferPool = poolBuffers ? new BlockBufferPool(Math.Max(256 * 1024, capacityBytes / 8)) : null;
        for (var i = 0; i < ShardCount; i++) _shards[i] = new Shard(Math.Max(1, capacityBytes / ShardCount));
    }

    public long Capacity { get; }

    /// <summary>Where the arrays of this cache's data blocks come from and go back to.</summary>
    public BlockBufferPool? BufferPool { get; }
    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);

    public long Usage
    {
        get
        {
            long sum = 0;
            foreach (var s in _shards) sum += s.Usage;
            return sum;
        }
    }

    /// <summary>The cached block with a reference taken for the caller (who releases it), or null.</summary>
    public Block? Lookup(BlockCacheKey key)
    {
        var b = ShardOf(key).Lookup(key);
        if (b is null) Interlocked.Increment(ref _misses);
        else Interlocked.Increment(ref _hits);
        return b;
    }

    /// <summary>Keeps <paramref name="block"/> (taking the cache's own reference; the caller keeps its one).</summary>
    public void Insert(BlockCacheKey key, Block block)
    {
        if (Capacity <= 0) return;
        ShardOf(key).Insert(key, block);
    }

    /// <summary>Drops every block of a table (its file is being deleted).</summary>
    public void EraseFile(long fileNumber)
    {
        foreach (var s in _shards) s.EraseFile(fileNumber);
    }

    private Shard ShardOf(BlockCacheKey key) => _shards[(int)((uint)HashCode.Combine(key.FileNumber, key.Offset) % ShardCount)];

    private sealed class Shard(long capacity)
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<BlockCacheKey, LinkedListNode<(BlockCacheKey Key, Block Block)>> _map = [];
        private readonly LinkedList<(BlockCacheKey Key, Block Block)> _lru = new(); // front = most recent
        private LinkedListNode<(BlockCacheKey Key, Block Block)>? _spare; // an evicted node, reused by the next insert
        private long _usage;

        public long Usage
        {
            get { lock (_lock) return _usage; }
        }

        public Block? Lookup(BlockCacheKey key)
        {
            lock (_lock)
            {
                if (!_map.TryGetValue(key, out var node)) return null;
                _lru.Remove(node);
                _lru.AddFirst(node);
                node.Value.Block.Ref(); // under the lock: the cache's reference keeps the block alive meanwhile
                return node.Value.Block;
            }
        }

        public void Insert(BlockCacheKey key, Block block)
        {
            lock (_lock)
            {
                block.Ref();
                if (_map.TryGetValue(key, out var old))
                {
                    _lru.Remove(old);
                    _usage -= old.Value.Block.Charge;
                    old.Value.Block.Release();
                    _spare = old;
                }
                LinkedListNode<(BlockCacheKey Key, Block Block)> node;
                if (_spare is not null)
                {
                    node = _spare;
                    _spare = null;
                    node.Value = (key, block);
                    _lru.AddFirst(node);
                }
                else
                {
                    node = _lru.AddFirst((key, block));
                }
                _map[key] = node;
                _usage += block.Charge;
                while (_usage > capacity && _lru.Last is { } last && last != node)
                {
                    _lru.RemoveLast();
                    _map.Remove(last.Value.Key);
                    _usage -= last.Value.Block.Charge;
                    last.Value.Block.Release();
                    last.Value = default;
                    _spare = last;
                }
            }
        }

        public void EraseFile(long fileNumber)
        {
            lock (_lock)
            {
                var node = _lru.First;
                while (node is not null)
                {
                    var next = node.Next;
                    if (node.Value.Key.FileNumber == fileNumber)
                    {
                        _lru.Remove(node);
                        _map.Remove(node.Value.Key);
                        _usage -= node.Value.Block.Charge;
                        node.Value.Block.Release();
                    }
                    node = next;
                }
            }
        }
    }
}
