namespace Workbench.Harness.Bench;

/// <summary>
/// db_bench's RandomGenerator: a 1 MiB buffer of random bytes handed out as consecutive slices, so
/// values differ from one another without generating bytes per operation. One per thread.
/// </summary>
public sealed class ValueSource
{
    private readonly byte[] _data;
    private int _pos;

    public ValueSource(int seed, int maxValueSize)
    {
        _data = new byte[Math.Max(1 << 20, maxValueSize * 2)];
        new Random(seed).NextBytes(_data);
    }

    public ReadOnlySpan<byte> Next(int length)
    {
        if (_pos + length > _data.Length) _pos = 0;
        var s = _data.AsSpan(_pos, length);
        _pos += length;
        return s;
    }
}
