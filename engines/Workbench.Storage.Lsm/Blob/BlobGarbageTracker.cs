using System.Globalization;
using System.Text;
using Workbench.Storage.Errors;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Live bytes per blob file, Titan-style: every SST carries a property (<see cref="PropertyName"/>)
/// mapping blob file → bytes of the records it references. When tables are added (flush,
/// compaction output) their references are added; when a removed table becomes obsolete (no
/// version, so no pinned reader, holds it) its references are subtracted — so every blob file's
/// live size moves by (outputs − inputs). discardable ratio = 1 − live / data bytes. A file is "sealed" once its
/// references have been accounted (its flush/compaction installed, or the GC that wrote it
/// flushed); only sealed files are GC candidates, so a fresh file never looks like garbage.
/// Thread-safe (one lock).
/// </summary>
internal sealed class BlobGarbageTracker
{
    public const string PropertyName = "titan.blob.refs";
    private readonly object _lock = new();
    private readonly Dictionary<long, long> _live = [];
    private readonly Dictionary<long, Dictionary<long, long>> _bySst = [];
    private readonly HashSet<long> _sealed = [];

    /// <summary>Encodes references as "file:bytes,file:bytes" (sorted by file number).</summary>
    public static string EncodeProperty(IReadOnlyDictionary<long, long> refs)
    {
        var keys = new List<long>(refs.Keys);
        keys.Sort();
        var sb = new StringBuilder();
        foreach (var k in keys)
        {
            if (sb.Length > 0) sb.Append(',');
            sb.Append(CultureInfo.InvariantCulture, $"{k}:{refs[k]}");
        }
        return sb.ToString();
    }

    public static Dictionary<long, long> DecodeProperty(string? value, string table)
    {
        var refs = new Dictionary<long, long>();
        if (string.IsNullOrEmpty(value)) return refs;
        foreach (var part in value.Split(','))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0
                || !long.TryParse(part.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var file)
                || !long.TryParse(part.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
                throw new CorruptionException(table, -1, $"malformed {PropertyName} property '{value}'");
            refs[file] = refs.GetValueOrDefault(file) + bytes;
        }
        return refs;
    }

    /// <summary>Adds the references of a new SST (idempotent per SST number).</summary>
    public void AddTable(long sstNumber, Dictionary<long, long> refs)
    {
        lock (_lock)
        {
            if (!_bySst.TryAdd(sstNumber, refs)) return;
            foreach (var (file, bytes) in refs) _live[file] = _live.GetValueOrDefault(file) + bytes;
        }
    }

    /// <summary>Subtracts the references of an SST that became obsolete (no version holds it any more).</summary>
    public void RemoveTable(long sstNumber)
    {
        lock (_lock)
        {
            if (!_bySst.Remove(sstNumber, out var refs)) return;
            foreach (var (file, bytes) in refs)
            {
                var left = _live.GetValueOrDefault(file) - bytes;
                if (left <= 0) _live.Remove(file);
                else _live[file] = left;
            }
        }
    }

    public void Seal(long blobFile)
    {
        lock (_lock) _sealed.Add(blobFile);
    }

    public bool IsSealed(long blobFile)
    {
        lock (_lock) return _sealed.Contains(blobFile);
    }

    /// <summary>Forgets a deleted blob file.</summary>
    public void Forget(long blobFile)
    {
        lock (_lock)
        {
            _sealed.Remove(blobFile);
            _live.Remove(blobFile);
        }
    }

    public long LiveBytes(long blobFile)
    {
        lock (_lock) return _live.GetValueOrDefault(blobFile);
    }

    /// <summary>1 − live / data, clamped to [0, 1] (live can exceed data while stale SST versions still reference records).</summary>
    public double DiscardableRatio(BlobFileMeta file)
    {
        if (file.DataBytes <= 0) return 1;
        var live = Math.Min(LiveBytes(file.Number), file.DataBytes);
        return 1.0 - (double)live / file.DataBytes;
    }
}
