using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Options;

namespace Workbench.Storage.Lsm.Version;

/// <summary>
/// An immutable list of table files per column family and level. L0 files are ordered newest
/// first (they may overlap); files of L1+ are sorted by smallest key and do not overlap.
/// Reference-counted: the version set holds one reference to the current version, every reader
/// (through a <see cref="SuperVersion"/>) and compaction one more; when the count drops to zero the
/// version releases its files, and files no version lists any more are deleted.
/// </summary>
internal sealed class LsmVersion
{
    private readonly Action<FileMetadata> _onFileObsolete;
    private int _refs;

    public LsmVersion(FileMetadata[][][] files, Action<FileMetadata> onFileObsolete)
    {
        Files = files;
        _onFileObsolete = onFileObsolete;
        foreach (var cf in files)
            foreach (var level in cf)
                foreach (var f in level) f.Ref();
    }

    /// <summary>[column family][level] → files.</summary>
    public FileMetadata[][][] Files { get; }

    public int NumLevels(int cf) => Files[cf].Length;

    public long LevelBytes(int cf, int level)
    {
        long sum = 0;
        foreach (var f in Files[cf][level]) sum += f.Size;
        return sum;
    }

    /// <summary>
    /// The level size targets of column family <paramref name="cf"/> in this version (computed on first
    /// use; the version and the options are immutable, so a racing second computation gives the same).
    /// </summary>
    public LevelTargets Targets(int cf, ColumnFamilyOptions options)
    {
        var cache = _targets ??= new LevelTargets?[Files.Length];
        return cache[cf] ??= LevelTargets.Compute(options, Files[cf]);
    }

    private LevelTargets?[]? _targets;

    public void Ref() => Interlocked.Increment(ref _refs);

    public void Unref()
    {
        var n = Interlocked.Decrement(ref _refs);
        if (n > 0) return;
        if (n < 0) throw new InvalidOperationException("version released more often than acquired");
        foreach (var cf in Files)
            foreach (var level in cf)
                foreach (var f in level)
                    if (f.Unref()) _onFileObsolete(f);
    }

    /// <summary>Index of the first file in a sorted level whose largest key is &gt;= <paramref name="internalKey"/>.</summary>
    public static int FindFile(FileMetadata[] files, ReadOnlySpan<byte> internalKey)
    {
        int lo = 0, hi = files.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (InternalKey.Compare(files[mid].Largest, internalKey) < 0) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Files of a level overlapping the user-key range [begin, end] (null = unbounded).</summary>
    public List<FileMetadata> Overlapping(int cf, int level, byte[]? begin, byte[]? end)
    {
        var result = new List<FileMetadata>();
        foreach (var f in Files[cf][level])
        {
            if (end is not null && f.SmallestUserKey.SequenceCompareTo(end) > 0) continue;
            if (begin is not null && f.LargestUserKey.SequenceCompareTo(begin) < 0) continue;
            result.Add(f);
        }
        return result;
    }
}
