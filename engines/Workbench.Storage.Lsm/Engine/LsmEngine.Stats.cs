using System.Globalization;
using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Engine;
using Workbench.Storage.Lsm.Version;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm;

/// <summary>Metrics and properties (built by <see cref="LsmStatsReport"/>).</summary>
public sealed partial class LsmEngine
{
    /// <inheritdoc/>
    public EngineMetrics GetMetrics()
    {
        var v = _versions.Current;
        var counters = _report.Counters(v, SnapshotCount);
        _separator?.AddCounters(counters);
        long pending = 0;
        foreach (var cf in _cfs) pending += cf.PendingCompactionBytes;
        counters[CounterNames.CompactionPendingBytes] = pending; // RocksDB's estimate-pending-compaction-bytes, summed over CFs
        return new EngineMetrics(_fs.Counters.Snapshot(), _report.DiskBytes(_dir), counters);
    }

    /// <inheritdoc/>
    public string? GetProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var v = _versions.Current;
        const string filesAt = PropertyNames.NumFilesAtLevel;
        if (name.StartsWith(filesAt, StringComparison.Ordinal) && int.TryParse(name.AsSpan(filesAt.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var lv))
            return lv < v.NumLevels(0) ? v.Files[0][lv].Length.ToString(CultureInfo.InvariantCulture) : null;
        return name switch
        {
            PropertyNames.Stats or PropertyNames.RocksDbStats => _separator is null ? _report.Stats(v) : _report.Stats(v) + _separator.StatsText(LsmStatsReport.TotalTableBytes(v)),
            PropertyNames.Sstables => _report.SsTables(v),
            // db_bench's waitforcompaction polls these (RocksDB: rocksdb.compaction-pending and running jobs).
            PropertyNames.CompactionPending => CompactionPending(v) ? "1" : "0",
            PropertyNames.PendingCompactionBytes => PendingCompactionBytes(v).ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>A flush or compaction is queued or running in any column family (the picker would pick, i.e. a score ≥ 1).</summary>
    private bool CompactionPending(LsmVersion v)
    {
        lock (_s.Mutex)
        {
            foreach (var cf in _cfs)
            {
                if (cf.Immutables.Count > 0 || cf.FlushRunning || cf.CompactionRunning) return true;
                var scores = CompactionPicker.Scores(cf, v);
                for (var l = 0; l < v.NumLevels(cf.Id) - 1; l++)
                    if (scores[l] >= 1) return true;
            }
            return false;
        }
    }

    /// <summary>The picker's estimate (RocksDB's EstimateCompactionBytesNeeded) of the current version, summed over column families.</summary>
    private long PendingCompactionBytes(LsmVersion v)
    {
        long total = 0;
        foreach (var cf in _cfs) total += CompactionPicker.EstimatePendingCompactionBytes(cf, v);
        return total;
    }
}
