namespace Workbench.Storage.Metrics;

/// <summary>An immutable reading of <see cref="IoCounters"/>.</summary>
public sealed class IoSnapshot
{
    private readonly long[] _bytesWritten;
    private readonly long[] _writeOps;

    /// <summary>All counters zero.</summary>
    public static readonly IoSnapshot Empty = new(new long[WriteCategories.Count], new long[WriteCategories.Count], 0, 0, 0);

    /// <summary>A reading: per-category arrays indexed by <see cref="WriteCategory"/> (one entry per category), plus reads and syncs.</summary>
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

    /// <summary>Bytes written under <paramref name="category"/>.</summary>
    public long BytesWritten(WriteCategory category) => _bytesWritten[(int)category];
    /// <summary>Write operations under <paramref name="category"/>.</summary>
    public long WriteOps(WriteCategory category) => _writeOps[(int)category];
    /// <summary>Bytes read.</summary>
    public long BytesRead { get; }
    /// <summary>Read operations.</summary>
    public long ReadOps { get; }
    /// <summary>File and directory syncs.</summary>
    public long Syncs { get; }

    /// <summary>Bytes written over all categories.</summary>
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

    /// <summary>The difference this − <paramref name="earlier"/>, counter by counter: what happened between two readings.</summary>
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
