using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// LevelDB's IsBaseLevelForKey for one compaction: true when no level below the output level can
/// hold a user key. Keys must be asked in ascending order (the per-level pointers only advance).
/// One compaction, one thread.
/// </summary>
internal sealed class BaseLevelCheck
{
    private readonly FileMetadata[][] _levels;
    private readonly int _outputLevel;
    private readonly int[] _pointers;

    public BaseLevelCheck(FileMetadata[][] levels, int outputLevel)
    {
        _levels = levels;
        _outputLevel = outputLevel;
        _pointers = new int[levels.Length];
    }

    public bool IsBaseLevelForKey(ReadOnlySpan<byte> user)
    {
        for (var l = _outputLevel + 1; l < _levels.Length; l++)
        {
            var files = _levels[l];
            while (_pointers[l] < files.Length)
            {
                var f = files[_pointers[l]];
                if (user.SequenceCompareTo(f.LargestUserKey) <= 0)
                {
                    if (user.SequenceCompareTo(f.SmallestUserKey) >= 0) return false;
                    break;
                }
                _pointers[l]++;
            }
        }
        return true;
    }
}
