using System.Buffers;
using Workbench.Storage.Lsm.Filter;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Memtables;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>Point lookups over a pinned read view (LevelDB's Version::Get with the memtables in front). Thread-safe.</summary>
internal sealed class PointLookup(TableCache tables, LsmStatistics stats)
{
    /// <summary>
    /// The point lookup, in one place: the newest entry for <paramref name="key"/> visible at
    /// <paramref name="seq"/> in a pinned view — memtable, immutable memtables newest first, L0 files
    /// newest first, then one file per deeper level. Its value (raw: a reference is not followed)
    /// goes to <paramref name="value"/>, nothing for a tombstone. False when no entry exists.
    /// </summary>
    public bool TryGet(SuperVersion sv, int cf, ReadOnlySpan<byte> key, long seq, IBufferWriter<byte> value, out ValueKind kind, bool fillCache, bool countMemtableHit)
    {
        var seekLength = key.Length + InternalKey.TrailerSize;
        var rented = ArrayPool<byte>.Shared.Rent(seekLength);
        try
        {
            var seek = rented.AsSpan(0, seekLength);
            InternalKey.Write(seek, key, seq, InternalKey.SeekKind);
            if (sv.Mem.TryGet(seek, out var node) || TryImmutables(sv, seek, out node))
            {
                if (countMemtableHit) stats.Add(LsmStatistics.Ticker.MemtableHits);
                kind = InternalKey.Kind(node.Key);
                if (kind != ValueKind.Deletion) value.Write(node.Value);
                return true;
            }
            return TryGetFromFiles(sv.Version.Files[cf], key, seek, value, out kind, fillCache);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool TryImmutables(SuperVersion sv, ReadOnlySpan<byte> seek, out SkipListNode node)
    {
        foreach (var m in sv.Immutables)
            if (m.TryGet(seek, out node)) return true;
        node = default;
        return false;
    }

    private bool TryGetFromFiles(FileMetadata[][] levels, ReadOnlySpan<byte> userKey, ReadOnlySpan<byte> seek, IBufferWriter<byte> value, out ValueKind kind, bool fillCache)
    {
        kind = ValueKind.Deletion;
        var hash = BloomFilter.Hash(userKey);
        foreach (var f in levels[0]) // newest first
        {
            if (userKey.SequenceCompareTo(f.SmallestUserKey) < 0 || userKey.SequenceCompareTo(f.LargestUserKey) > 0) continue;
            if (tables.Get(f).TryGet(seek, hash, value, out kind, fillCache)) return true;
        }
        for (var l = 1; l < levels.Length; l++)
        {
            var files = levels[l];
            if (files.Length == 0) continue;
            var i = LsmVersion.FindFile(files, seek);
            if (i >= files.Length) continue;
            var f = files[i];
            if (userKey.SequenceCompareTo(f.SmallestUserKey) < 0) continue;
            if (tables.Get(f).TryGet(seek, hash, value, out kind, fillCache)) return true;
        }
        return false;
    }
}
