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

    [GlobalSetup]
    public void Setup()
    {
        _workload = new CoreWorkload(CoreWorkloadSettings.From(YcsbProperties.Parse("recordcount=1000000\noperationcount=1000000\nrequestdistribution=zipfian")));
        _zipfian = new ScrambledZipfianGenerator(1_000_000);
    }

    [Benchmark]
    public int YcsbKey() => _workload.BuildKey(_n++, _key);

    [Benchmark]
    public int DbBenchKey()
    {
        DbBenchKeys.Write(_n++, _key.AsSpan(0, 16));
        return _key[15];
    }

    [Benchmark]
    public long ScrambledZipfian() => _zipfian.Next(_random);

    [Benchmark]
    public long YcsbTransactionKey() => _workload.NextTransactionKeynum(_random);

    [Benchmark]
    public int EncodeRecord()
    {
        _record.ResetWrittenCount();
        RecordCodec.WriteFull(_record, 10, 100, _fill);
        return _record.WrittenCount;
    }
}
