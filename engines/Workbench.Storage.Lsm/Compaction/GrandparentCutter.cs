using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// Where a compaction cuts its output files besides the target size, from the files of the level
/// below the output (the grandparents), as RocksDB's CompactionOutputs::ShouldStopBefore. The
/// grandparent files' starts and ends are boundaries; only at the first key of a user key that
/// crosses one is an output cut: when its size plus the grandparent bytes it overlaps would exceed
/// max_compaction_bytes (by default 25 × target_file_size_base, as RocksDB), and with
/// level_compaction_dynamic_file_size also when the key skips a whole grandparent file worth more than
/// 1/8 of the target, or when the output has reached 50% of its target plus 5% per boundary it has
/// crossed (at most 90%) — so outputs line up with the next level's files and a later compaction of
/// one output rewrites fewer of them. Keys are given in ascending order, every user key once (also
/// while no output is open); one compaction, one thread.
/// </summary>
internal sealed class GrandparentCutter
{
    private readonly FileMetadata[] _grandparents;
    private readonly long _target;
    private readonly long _maxOverlap;
    private readonly bool _dynamicFileSize;
    private int _index;
    private bool _inGap = true;
    private bool _seenKey;
    private long _overlapped;
    private int _switched;

    /// <param name="grandparents">The files of the output level + 1, sorted (empty: only the target size cuts).</param>
    /// <param name="targetFileSize">Output file size target of the output level, in bytes.</param>
    /// <param name="dynamicFileSize">Cut at grandparent boundaries once half the target is written (level_compaction_dynamic_file_size).</param>
    /// <param name="maxCompactionBytes">Bytes an output plus the grandparents it overlaps may reach (max_compaction_bytes); 0 = 25 × <paramref name="targetFileSize"/>.</param>
    public GrandparentCutter(FileMetadata[] grandparents, long targetFileSize, bool dynamicFileSize = true, long maxCompactionBytes = 0)
    {
        _dynamicFileSize = dynamicFileSize;
        _grandparents = grandparents;
        _target = targetFileSize;
        _maxOverlap = maxCompactionBytes > 0 ? maxCompactionBytes : 25 * targetFileSize;
    }

    /// <summary>
    /// Called at the first entry of every user key: true when the open output
    /// (<paramref name="outputSize"/> bytes so far; negative = none open) should end before
    /// <paramref name="userKey"/>. The caller calls <see cref="Reset"/> whenever it cuts (for any reason).
    /// </summary>
    public bool ShouldCutBefore(ReadOnlySpan<byte> userKey, long outputSize)
    {
        var previousOverlapped = _overlapped;
        var crossed = Advance(userKey);
        if (outputSize < 0 || crossed == 0) return false;
        if (_overlapped + outputSize > _maxOverlap) return true;
        if (!_dynamicFileSize) return false;
        // A whole grandparent file skipped by this key (gap → file → gap, or file → gap → file → …).
        if (crossed >= (_inGap ? 2 : 3) && _overlapped - previousOverlapped > _target / 8) return true;
        return outputSize >= (_target + 99) / 100 * (50 + Math.Min(_switched * 5, 40));
    }

    /// <summary>The output was cut before <paramref name="userKey"/>: the counts start again, with the grandparents that key lies in.</summary>
    public void Reset(ReadOnlySpan<byte> userKey)
    {
        _switched = 0;
        _overlapped = CurrentKeyOverlap(userKey);
    }

    /// <summary>RocksDB's UpdateGrandparentBoundaryInfo: moves to the grandparent holding <paramref name="userKey"/>; returns the boundaries crossed since the previous key.</summary>
    private int Advance(ReadOnlySpan<byte> userKey)
    {
        var crossed = 0;
        while (_index < _grandparents.Length)
        {
            var g = _grandparents[_index];
            if (_inGap)
            {
                if (userKey.SequenceCompareTo(g.SmallestUserKey) < 0) break;
                if (_seenKey)
                {
                    crossed++;
                    _overlapped += g.Size;
                    _switched++;
                }
                _inGap = false;
            }
            else
            {
                var cmp = userKey.SequenceCompareTo(g.LargestUserKey);
                // On a key that ends this file and starts the next, stay on the last file holding it.
                if (cmp < 0 || (cmp == 0 && (_index == _grandparents.Length - 1 || userKey.SequenceCompareTo(_grandparents[_index + 1].SmallestUserKey) < 0))) break;
                if (_seenKey)
                {
                    crossed++;
                    _switched++;
                }
                _inGap = true;
                _index++;
            }
        }
        if (!_seenKey && !_inGap) _overlapped = CurrentKeyOverlap(userKey);
        _seenKey = true;
        return crossed;
    }

    /// <summary>Bytes of the grandparents holding <paramref name="userKey"/> (the current one and any earlier ending on the key).</summary>
    private long CurrentKeyOverlap(ReadOnlySpan<byte> userKey)
    {
        if (_inGap || _index >= _grandparents.Length) return 0;
        var bytes = _grandparents[_index].Size;
        for (var i = _index - 1; i >= 0 && userKey.SequenceCompareTo(_grandparents[i].LargestUserKey) == 0; i--) bytes += _grandparents[i].Size;
        return bytes;
    }
}
