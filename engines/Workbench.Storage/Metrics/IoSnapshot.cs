namespace Workbench.Storage.Metrics;

/// <summary>An immutable reading of <see cref="IoCounters"/>.</summary>
public sealed class IoSnapshot
{
    private readonly long[] _bytesWritten;
    private readonly long[] _writeOps;

    public static readonly IoSnapshot Empty = new(new long[WriteCategories.Count], new long[WriteCategories.Count], 0, 0, 0);

    public IoSnapshot(long[] bytesWritten, long[] writeOps, long bytesRead, long readOps, long syncs)
    {
        ArgumentNullException.ThrowIfNull(bytesWritten);
        ArgumentNullException.ThrowIfNull(writeOps);
        if (bytesWritten.Length != WriteCategories.Count || writeOps.Length != WriteCategories.Count)
            throw new ArgumentException("one entry per write category expected");
        _bytesWritten = bytesWritten;
        _writeOps = writeOps;
        BytesRead = bytesRead;
        ReadOps = readOps;
        Syncs = syncs;
    }

    public long BytesWritten(WriteCategory category) => _bytesWritten[(int)category];
    public long WriteOps(WriteCategory category) => _writeOps[(int)category];
    public long BytesRead { get; }
    public long ReadOps { get; }
    public long Syncs { get; }

    public long TotalBytesWritten
    {
        get
        {
            long sum = 0;
            foreach (var b in _bytesWritten) sum += b;
            return sum;
        }
    }

    /// <summary>Non-zero categories by snake_case name, for JSON ("engine_io").</summary>
    public Dictionary<string, long> ToDictionary()
    {
        var d = new Dictionary<string, long>();
        for (var i = 0; i < _bytesWritten.Length; i++)
            if (_bytesWritten[i] != 0) d[((WriteCategory)i).ToName()] = _bytesWritten[i];
        return d;
    }

    public IoSnapshot Minus(IoSnapshot earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var b = new long[WriteCategories.Count];
        var o = new long[WriteCategories.Count];
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = _bytesWritten[i] - earlier._bytesWritten[i];
            o[i] = _writeOps[i] - earlier._writeOps[i];
        }
        return new IoSnapshot(b, o, BytesRead - earlier.BytesRead, ReadOps - earlier.ReadOps, Syncs - earlier.Syncs);
    }
}
