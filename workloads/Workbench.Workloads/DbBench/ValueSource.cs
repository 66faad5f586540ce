namespace Workbench.Workloads.DbBench;

/// <summary>
/// db_bench's RandomGenerator: a 1 MiB buffer handed out as consecutive slices, so values differ
/// from one another without generating bytes per operation. The buffer is made of 100-byte pieces,
/// each a random run of <c>100 × compressionRatio</c> bytes repeated to fill the piece (db_bench's
/// CompressibleString), so a codec shrinks values to about that ratio. Ratio 1 (the default here;
/// db_bench defaults to 0.5) gives incompressible random bytes. One per thread.
/// </summary>
public sealed class ValueSource
{
    private readonly byte[] _data;
    private int _pos;

    /// <summary>Length of one compressible piece (db_bench's 100 bytes).</summary>
    public const int PieceLength = 100;

    /// <summary>A buffer of at least 1 MiB (twice <paramref name="maxValueSize"/> when larger), seeded by <paramref name="seed"/>, shrinkable by a codec to about <paramref name="compressionRatio"/> (in (0, 1]).</summary>
    public ValueSource(int seed, int maxValueSize, double compressionRatio = 1.0)
    {
        if (!(compressionRatio > 0 && compressionRatio <= 1)) throw new ArgumentOutOfRangeException(nameof(compressionRatio), compressionRatio, "must be in (0, 1]");
        _data = new byte[Math.Max(1 << 20, maxValueSize * 2)];
        var rng = new Random(seed);
        if (compressionRatio >= 1)
        {
            rng.NextBytes(_data);
            return;
        }
        var raw = Math.Max(1, (int)(PieceLength * compressionRatio));
        for (var p = 0; p < _data.Length; p += PieceLength)
        {
            var piece = _data.AsSpan(p, Math.Min(PieceLength, _data.Length - p));
            rng.NextBytes(piece[..Math.Min(raw, piece.Length)]);
            for (var i = raw; i < piece.Length; i++) piece[i] = piece[i % raw];
        }
    }

    /// <summary>The next <paramref name="length"/> bytes of the buffer, wrapping to its start; the buffer is never rewritten, so the span stays valid.</summary>
    public ReadOnlySpan<byte> Next(int length)
    {
        if (_pos + length > _data.Length) _pos = 0;
        var s = _data.AsSpan(_pos, length);
        _pos += length;
        return s;
    }
}
