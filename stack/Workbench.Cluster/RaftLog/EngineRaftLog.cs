using System.Buffers.Binary;
using Google.Protobuf;
using Workbench.Cluster.Store;
using Workbench.Raft.Messages;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;

namespace Workbench.Cluster.RaftLog;

/// <summary>
/// Every region's Raft log kept in the engine's raft CF (option <c>raft.log: engine</c>, TiKV's
/// old RaftDB layout): entries at <see cref="LocalKeys.RaftLogKey"/>, hard state and truncated state
/// at their own keys. A <see cref="StoreRaftLog.Commit"/> is one engine write batch (synced when
/// asked), so log bytes land in the engine's own categories (wal, flush, compaction) — the cost the
/// separate log avoids. Not thread-safe.
/// </summary>
public sealed class EngineRaftLog : StoreRaftLog
{
    private readonly IKvEngine _engine;
    private readonly ColumnFamilyHandle _cf;
    private readonly WriteBatch _batch = new();
    private readonly byte[] _stateValue = new byte[16];

    private EngineRaftLog(IKvEngine engine)
    {
        _engine = engine;
        _cf = engine.GetColumnFamily(ColumnFamilies.Raft);
    }

    /// <summary>Opens the logs kept in <paramref name="engine"/>'s raft CF, reading every region's entries and states back.</summary>
    public static EngineRaftLog Open(IKvEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var log = new EngineRaftLog(engine);
        log.Recover();
        return log;
    }

    private void Recover()
    {
        var (start, end) = LocalKeys.PrefixRange(LocalKeys.RaftPrefix);
        // Truncated states first: entries are appended after them.
        var entries = new List<(ulong Region, Entry Entry)>();
        using (var it = _engine.NewIterator(_cf, new ReadOptions { LowerBound = start, UpperBound = end }))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var key = it.Key;
                var regionId = LocalKeys.RegionIdOf(key);
                var log = Recovered(regionId);
                switch (key[10])
                {
                    case LocalKeys.RaftLogSuffix:
                        entries.Add((regionId, Entry.Parser.ParseFrom(it.Value)));
                        break;
                    case LocalKeys.RaftStateSuffix:
                        log.HardState = HardState.Parser.ParseFrom(it.Value);
                        break;
                    case LocalKeys.TruncatedStateSuffix:
                        log.Reset(BinaryPrimitives.ReadUInt64LittleEndian(it.Value), BinaryPrimitives.ReadUInt64LittleEndian(it.Value[8..]));
                        break;
                }
            }
        }
        foreach (var (regionId, e) in entries)
        {
            var log = Recovered(regionId);
            if (e.Index <= log.TruncatedIndex) continue; // deleted after a compaction that did not reach the engine
            if (e.Index != log.LastIndex + 1)
                throw new CorruptionException("raft CF", 0, $"region {regionId}: raft log gap: entry {e.Index} after {log.LastIndex}");
            log.Append([e]);
        }
    }

    /// <inheritdoc/>
    protected override void OnAppend(RegionLog log, IReadOnlyList<Entry> entries, ulong oldLastIndex)
    {
        foreach (var e in entries)
            if (e.Index > log.TruncatedIndex) _batch.Put(_cf, LocalKeys.RaftLogKey(log.RegionId, e.Index), e.ToByteArray());
        // A conflicting suffix that the new entries did not overwrite.
        for (var i = log.LastIndex + 1; i <= oldLastIndex; i++) _batch.Delete(_cf, LocalKeys.RaftLogKey(log.RegionId, i));
    }

    /// <inheritdoc/>
    protected override void OnHardState(RegionLog log) => _batch.Put(_cf, LocalKeys.RaftStateKey(log.RegionId), log.HardState.ToByteArray());

    /// <inheritdoc/>
    protected override void OnReset(RegionLog log, ulong oldFirstIndex, ulong oldLastIndex)
    {
        for (var i = oldFirstIndex; i <= oldLastIndex; i++) _batch.Delete(_cf, LocalKeys.RaftLogKey(log.RegionId, i));
        PutTruncated(log);
    }

    /// <inheritdoc/>
    protected override void OnCompact(RegionLog log, ulong oldFirstIndex)
    {
        for (var i = oldFirstIndex; i <= log.TruncatedIndex; i++) _batch.Delete(_cf, LocalKeys.RaftLogKey(log.RegionId, i));
        PutTruncated(log);
    }

    /// <inheritdoc/>
    protected override void OnRemove(RegionLog log)
    {
        for (var i = log.FirstIndex; i <= log.LastIndex; i++) _batch.Delete(_cf, LocalKeys.RaftLogKey(log.RegionId, i));
        _batch.Delete(_cf, LocalKeys.RaftStateKey(log.RegionId));
        _batch.Delete(_cf, LocalKeys.TruncatedStateKey(log.RegionId));
    }

    private void PutTruncated(RegionLog log)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_stateValue, log.TruncatedIndex);
        BinaryPrimitives.WriteUInt64LittleEndian(_stateValue.AsSpan(8), log.TruncatedTerm);
        _batch.Put(_cf, LocalKeys.TruncatedStateKey(log.RegionId), _stateValue);
    }

    /// <inheritdoc/>
    protected override bool WriteBuffered(bool sync)
    {
        if (_batch.Count == 0) return false;
        _engine.Write(_batch, sync ? WriteOptions.Synced : WriteOptions.Default);
        _batch.Clear();
        return true;
    }

    /// <inheritdoc/>
    public override void Dispose() => _batch.Dispose();
}
