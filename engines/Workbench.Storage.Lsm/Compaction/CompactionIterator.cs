using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Iterators;

namespace Workbench.Storage.Lsm.Compaction;

/// <summary>
/// The one user-key shadowing and snapshot-visibility loop, shared by flush and compaction
/// (LevelDB's DoCompactionWork drop rules, Pebble's compact.Iter): over an input in internal-key
/// order it yields the entries an output must keep and skips
/// <list type="bullet">
/// <item>a version shadowed by a newer version of the same user key that every reader sees (the
/// newer one's sequence is at most <c>smallestSnapshot</c>);</item>
/// <item>a tombstone every reader sees when <see cref="BaseLevelCheck"/> says no deeper level can
/// hold the key (it has nothing left to hide). Without a check (flush) tombstones are kept.</item>
/// </list>
/// Values and <see cref="ValueKind.BlobIndex"/> references are treated alike: a reference is just a
/// value to this loop. <see cref="StartsUserKey"/> says when the current entry is the first kept one
/// of its user key, where an output may be cut so one key's versions never straddle two files.
/// Owns nothing: the caller disposes the input. One thread.
/// </summary>
internal sealed class CompactionIterator
{
    private readonly IInternalIterator _input;
    private readonly long _smallestSnapshot;
    private readonly BaseLevelCheck? _baseLevel;
    private byte[] _currentUser = new byte[64];
    private int _currentUserLength = -1;
    private long _lastSequenceForKey = long.MaxValue;
    private bool _startsUserKey;
    private bool _emittedForKey;

    /// <param name="input">Entries in internal-key order (user key ascending, newest first).</param>
    /// <param name="smallestSnapshot">The oldest sequence a reader may still ask for; <see cref="long.MaxValue"/> when no reader can exist (recovery).</param>
    /// <param name="baseLevel">Null keeps every tombstone (flush); else tombstones at the base level for their key are dropped.</param>
    public CompactionIterator(IInternalIterator input, long smallestSnapshot, BaseLevelCheck? baseLevel)
    {
        _input = input;
        _smallestSnapshot = smallestSnapshot;
        _baseLevel = baseLevel;
    }

    public bool Valid => _input.Valid;
    public ReadOnlySpan<byte> Key => _input.Key;
    public ReadOnlySpan<byte> Value => _input.Value;

    /// <summary>True when the current entry is the first kept one of its user key.</summary>
    public bool StartsUserKey => _startsUserKey;

    /// <summary>Entries read from the input so far, kept or not (for a cancellation check's pace).</summary>
    public long EntriesRead { get; private set; }

    public void SeekToFirst()
    {
        _currentUserLength = -1;
        _lastSequenceForKey = long.MaxValue;
        _input.SeekToFirst();
        SkipDropped();
    }

    public void Next()
    {
        _input.Next();
        SkipDropped();
    }

    /// <summary>Advances the input to the next entry to keep (or its end).</summary>
    private void SkipDropped()
    {
        for (; _input.Valid; _input.Next())
        {
            EntriesRead++;
            var ikey = _input.Key;
            var user = InternalKey.UserKey(ikey);
            var seq = InternalKey.Sequence(ikey);
            if (_currentUserLength < 0 || !user.SequenceEqual(_currentUser.AsSpan(0, _currentUserLength)))
            {
                if (_currentUser.Length < user.Length) _currentUser = new byte[Math.Max(user.Length, _currentUser.Length * 2)];
                user.CopyTo(_currentUser);
                _currentUserLength = user.Length;
                _lastSequenceForKey = long.MaxValue;
                _emittedForKey = false;
            }
            var drop = false;
            // Shadowed by a newer entry every reader sees (MaxValue: no newer entry of this key yet).
            if (_lastSequenceForKey != long.MaxValue && _lastSequenceForKey <= _smallestSnapshot) drop = true;
            else if (_baseLevel is not null && InternalKey.Kind(ikey) == ValueKind.Deletion && seq <= _smallestSnapshot && _baseLevel.IsBaseLevelForKey(user))
                drop = true; // nothing older below: the tombstone has nothing left to hide
            _lastSequenceForKey = seq;
            if (drop) continue;
            _startsUserKey = !_emittedForKey;
            _emittedForKey = true;
            return;
        }
    }
}
