using System.Buffers;
using BenchmarkDotNet.Attributes;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Encoding;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Workloads.DbBench;

namespace Workbench.Benchmarks.Engines;

/// <summary>
/// Engine hot paths through the engine contract, on the in-memory reference engine: a single-put
/// write batch, a point read, a seek, and the batch encoding and CRC the log-based engines share.
/// Engines that land add a sibling class here (see README.md), e.g. LsmBenchmarks.
/// </summary>
[MemoryDiagnoser]
public class MemoryEngineBenchmarks
{
    private const int Keys = 100_000;
    private readonly byte[] _key = new byte[16];
    private readonly byte[] _value = new byte[100];
    private readonly ArrayBufferWriter<byte> _read = new(256);
    private readonly WriteBatch _batch = new();
    private IKvEngine _engine = null!;
    private ColumnFamilyHandle _cf = null!;
    private BenchRandom _random = new(4);

    /// <summary>Opens the memory engine through the registry and loads 100k keys with 100-byte values.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _engine = new EngineRegistry().RegisterBuiltIns().Open(new EngineConfig("memory"), "/bench", new MemoryFileSystem(), [ColumnFamilyDescriptor.Default]);
        _cf = _engine.DefaultColumnFamily();
        for (var i = 0; i < Keys; i++)
        {
            DbBenchKeys.Write(i, _key);
            _engine.Put(_cf, _key, _value);
        }
    }

    /// <summary>Disposes the batch and the engine.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _batch.Dispose();
        _engine.Dispose();
    }

    /// <summary>One single-put write batch of a random existing key (overwrite).</summary>
    [Benchmark]
    public void Put()
    {
        DbBenchKeys.Write(_random.NextBelow(Keys), _key);
        _batch.Clear();
        _batch.Put(_cf, _key, _value);
        _engine.Write(_batch);
    }

    /// <summary>One point read of a random existing key into a reused buffer.</summary>
    [Benchmark]
    public bool Get()
    {
        DbBenchKeys.Write(_random.NextBelow(Keys), _key);
        _read.ResetWrittenCount();
        return _engine.TryGet(_cf, _key, _read);
    }

    /// <summary>One iterator created, positioned at a random key, and disposed.</summary>
    [Benchmark]
    public bool Seek()
    {
        DbBenchKeys.Write(_random.NextBelow(Keys), _key);
        using var it = _engine.NewIterator(_cf);
        it.Seek(_key);
        return it.Valid;
    }

    /// <summary>Encodes a 16-put write batch; returns its encoded length.</summary>
    [Benchmark]
    public int BatchEncode()
    {
        _batch.Clear();
        for (var i = 0; i < 16; i++)
        {
            DbBenchKeys.Write(i, _key);
            _batch.Put(_cf, _key, _value);
        }
        return _batch.Data.Length;
    }

    /// <summary>CRC-32C of 4 KiB (the checksum every log record and block carries).</summary>
    [Benchmark]
    public uint Crc32CFourKiB() => Crc32C.Compute(_fourKiB);

    private readonly byte[] _fourKiB = new byte[4096];
}
