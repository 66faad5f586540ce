using System.Buffers;
using BenchmarkDotNet.Attributes;
using Workbench.Workloads.DbBench;
using Workbench.Workloads.Generators;
using Workbench.Workloads.Ycsb;

namespace Workbench.Benchmarks.Encoding;

/// <summary>Per-operation work of the workload drivers: key naming, key choice and record encoding.</summary>
[MemoryDiagnoser]
public class KeyEncodingBenchmarks
{
    private readonly byte[] _key = new byte[32];
    private readonly Random _random = new(3);
    private readonly ArrayBufferWriter<byte> _record = new(2048);
    private readonly byte[] _fill = new byte[1000];
    private CoreWorkload _workload = null!;
    private ScrambledZipfianGenerator _zipfian = null!;
    private long _n;

    /// <summary>Builds a YCSB core workload over 1M records with zipfian requests and a scrambled-zipfian generator (seeded, so runs repeat).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _workload = new CoreWorkload(CoreWorkloadSettings.From(YcsbProperties.Parse("recordcount=1000000\noperationcount=1000000\nrequestdistribution=zipfian")));
        _zipfian = new ScrambledZipfianGenerator(1_000_000);
    }

    /// <summary>YCSB key naming ("user" + hashed number) into a reused buffer; returns the key length.</summary>
    [Benchmark]
    public int YcsbKey() => _workload.BuildKey(_n++, _key);

    /// <summary>db_bench's 16-byte big-endian key for the next number.</summary>
    [Benchmark]
    public int DbBenchKey()
    {
        DbBenchKeys.Write(_n++, _key.AsSpan(0, 16));
        return _key[15];
    }

    /// <summary>One draw of the scrambled zipfian generator over 1M items.</summary>
    [Benchmark]
    public long ScrambledZipfian() => _zipfian.Next(_random);

    /// <summary>One transaction-phase key choice of the YCSB workload (distribution plus insert-frontier bound).</summary>
    [Benchmark]
    public long YcsbTransactionKey() => _workload.NextTransactionKeynum(_random);

    /// <summary>Encodes one 10-field, 100-byte-per-field record into a reused buffer; returns its encoded length.</summary>
    [Benchmark]
    public int EncodeRecord()
    {
        _record.ResetWrittenCount();
        RecordCodec.WriteFull(_record, 10, 100, _fill);
        return _record.WrittenCount;
    }
}
