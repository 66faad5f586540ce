using BenchmarkDotNet.Attributes;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Lsm.Filter;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Metrics;
using Workbench.Workloads.DbBench;

namespace Workbench.Benchmarks.Engines;

/// <summary>
/// Hot paths inside the native LSM, measured below the engine contract: memtable insert and point
/// lookup (skip list), a seek inside one data block (restart-point binary search + prefix-decoded
/// scan), a bloom filter probe, and a WAL record append (LevelDB block format + CRC-32C).
/// Per-operation figures: each method does <see cref="Ops"/> operations.
/// </summary>
[MemoryDiagnoser]
public class LsmBenchmarks
{
    private const int Ops = 1000;
    private const int BlockEntries = 128;
    private readonly byte[] _key = new byte[16];
    private readonly byte[] _value = new byte[100];
    private readonly byte[] _record = new byte[1024];
    private readonly byte[][] _seekKeys = new byte[Ops][];
    private readonly uint[] _hashes = new uint[Ops];
    private Memtable _filled = null!;
    private Block _block = null!;
    private byte[] _filter = [];
    private BenchRandom _random = new(9);

    /// <summary>Fills a 100k-entry memtable, picks seek keys and bloom hashes, and builds one data block of 128 entries and a 10 bits/key filter over 10k keys.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _filled = new Memtable(logNumber: 1);
        for (var i = 0; i < 100_000; i++)
        {
            DbBenchKeys.Write(i, _key);
            _filled.Add(i + 1, ValueKind.Value, _key, _value);
        }
        for (var i = 0; i < Ops; i++)
        {
            DbBenchKeys.Write(_random.NextBelow(100_000), _key);
            _seekKeys[i] = InternalKey.ForSeek(_key, long.MaxValue >> 8);
            _hashes[i] = BloomFilter.Hash(_key);
        }

        // one data block of internal keys in order, as a table builder would write it
        var builder = new BlockBuilder();
        for (var i = 0; i < BlockEntries; i++)
        {
            DbBenchKeys.Write(i * 100L, _key);
            builder.Add(InternalKey.Make(_key, 1, ValueKind.Value), _value);
        }
        var bytes = builder.Finish().ToArray();
        _block = new Block(bytes, bytes.Length, "bench", 0);

        var hashes = new List<uint>();
        for (var i = 0; i < 10_000; i++)
        {
            DbBenchKeys.Write(i * 2L, _key);
            hashes.Add(BloomFilter.Hash(_key));
        }
        _filter = BloomFilter.Build(hashes, bitsPerKey: 10);
    }

    /// <summary>Inserts 1000 random 16-byte keys (100-byte values) into a fresh memtable.</summary>
    [Benchmark(OperationsPerInvoke = Ops)]
    public long MemtableInsert()
    {
        var m = new Memtable(logNumber: 1);
        for (var i = 0; i < Ops; i++)
        {
            DbBenchKeys.Write(_random.NextBelow(1_000_000), _key);
            m.Add(i + 1, ValueKind.Value, _key, _value);
        }
        return m.Entries;
    }

    /// <summary>Point lookups of existing keys in the 100k-entry memtable.</summary>
    [Benchmark(OperationsPerInvoke = Ops)]
    public int MemtableGet()
    {
        var found = 0;
        for (var i = 0; i < Ops; i++)
            if (_filled.TryGet(_seekKeys[i], out _)) found++;
        return found;
    }

    /// <summary>Seeks inside one data block: restart-point binary search then prefix-decoded scan.</summary>
    [Benchmark(OperationsPerInvoke = Ops)]
    public int BlockSeek()
    {
        var it = new BlockIterator(_block);
        var valid = 0;
        for (var i = 0; i < Ops; i++)
        {
            DbBenchKeys.Write((i * 37L) % (BlockEntries * 100L), _key);
            it.Seek(InternalKey.ForSeek(_key, long.MaxValue >> 8));
            if (it.Valid) valid++;
        }
        return valid;
    }

    /// <summary>Bloom filter probes (half the probed keys are in the filter's key set).</summary>
    [Benchmark(OperationsPerInvoke = Ops)]
    public int BloomProbe()
    {
        var hits = 0;
        for (var i = 0; i < Ops; i++)
            if (BloomFilter.MayContain(_filter, _hashes[i])) hits++;
        return hits;
    }

    /// <summary>Appends 1 KiB records to a WAL on the in-memory file system (block framing + CRC-32C, no fsync).</summary>
    [Benchmark(OperationsPerInvoke = Ops)]
    public long WalAppend()
    {
        var fs = new MemoryFileSystem();
        fs.CreateDirectory("/w");
        using var wal = new RecordLogWriter(fs.CreateFile("/w/000001.log", WriteCategory.Wal));
        for (var i = 0; i < Ops; i++) wal.AddRecord(_record);
        return fs.GetFileSize("/w/000001.log");
    }
}
