using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// Where a compaction cuts its output files besides the target size, from the files of the level
/// below the output (the grandparents): LevelDB's ShouldStopBefore (an output may overlap at most
/// max_compaction_bytes of grandparents, by default 25 × target_file_size_base as RocksDB) and RocksDB's
/// level_compaction_dynamic_file_size — once an output is at least half its target, it is cut right
/// after a grandparent file ends (the threshold rising 5% per boundary crossed, to 90%), so outputs
/// line up with the next level's files and a later compaction of one output rewrites fewer of them.
/// Keys are asked in ascending order; one compaction, one thread.
/// </summary>
internal sealed class GrandparentCutter
{
    private readonly FileMetadata[] _grandparents;
    private readonly long _target;
    private readonly long _maxOverlap;
    private int _index;
    private long _overlapped;
    private int _crossed;
    private bool _seenKey;
    private readonly bool _dynamicFileSize;

    /// <param name="grandparents">The files of the output level + 1, sorted (empty: only the target size cuts).</param>
    /// <param name="targetFileSize">Output file size target of the output level, in bytes.</param>
    /// <param name="dynamicFileSize">Cut at grandparent boundaries once half the target is written (level_compaction_dynamic_file_size).</param>
    /// <param name="maxCompactionBytes">Grandparent bytes one output may overlap (max_compaction_bytes); 0 = 25 × <paramref name="targetFileSize"/>.</param>
    public GrandparentCutter(FileMetadata[] grandparents, long targetFileSize, bool dynamicFileSize = true, long maxCompactionBytes = 0)
    {
        _dynamicFileSize = dynamicFileSize;
        _grandparents = grandparents;
        _target = targetFileSize;
        _maxOverlap = maxCompactionBytes > 0 ? maxCompactionBytes : 25 * targetFileSize;
    }

    /// <summary>
    /// Called at the first entry of each user key while an output is open: true when the output
    /// (<paramref name="outputSize"/> bytes so far) should end before <paramref name="userKey"/>.
    /// The caller calls <see cref="Reset"/> whenever it cuts.
    /// </summary>
    public bool ShouldCutBefore(ReadOnlySpan<byte> userKey, long outputSize)
    {
        while (_index < _grandparents.Length && userKey.SequenceCompareTo(_grandparents[_index].LargestUserKey) > 0)
        {
            if (_seenKey)
            {
                _overlapped += _grandparents[_index].Size;
                _crossed++;
            }
            _index++;
        }
        _seenKey = true;
        return _overlapped > _maxOverlap || (_dynamicFileSize && _crossed > 0 && outputSize * 100 >= _target * (50 + Math.Min(_crossed * 5, 40)));
    }

    /// <summary>The output was cut (for any reason): the count starts again for the next one.</summary>
    public void Reset()
    {
        _overlapped = 0;
        _crossed = 0;
    }
}
