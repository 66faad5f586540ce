using BenchmarkDotNet.Attributes;
using Workbench.Storage.Encoding;

namespace Workbench.Benchmarks.Encoding;

/// <summary>LEB128 varints (record codec, batch format): encode and decode a mix of small and large values.</summary>
[MemoryDiagnoser]
public class VarIntBenchmarks
{
    private readonly byte[] _buffer = new byte[4096 * VarInt.MaxLength64];
    private ulong[] _values = [];
    private int _encodedLength;

    /// <summary>Draws 4096 values (one in four a full 64-bit value, the rest below 300) with a fixed seed and encodes them once for Read.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(2);
        _values = Enumerable.Range(0, 4096).Select(i => i % 4 == 0 ? (ulong)rng.NextInt64() : (ulong)rng.Next(300)).ToArray();
        _encodedLength = Write();
    }

    /// <summary>Encodes all 4096 values back to back; per-operation figure is one varint.</summary>
    [Benchmark(OperationsPerInvoke = 4096)]
    public int Write()
    {
        var pos = 0;
        foreach (var v in _values) pos += VarInt.Write(_buffer.AsSpan(pos), v);
        return pos;
    }

    /// <summary>Decodes the encoded buffer back to values (summed so nothing is optimized away); per-operation figure is one varint.</summary>
    [Benchmark(OperationsPerInvoke = 4096)]
    public ulong Read()
    {
        var span = _buffer.AsSpan(0, _encodedLength);
        ulong sum = 0;
        while (!span.IsEmpty)
        {
            var n = VarInt.TryRead(span, out var v);
            sum += v;
            span = span[n..];
        }
        return sum;
    }
}
