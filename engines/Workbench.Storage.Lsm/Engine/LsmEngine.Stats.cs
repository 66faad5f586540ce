using System.Globalization;

namespace Workbench.Storage.Lsm;

/// <summary>Metrics and properties (built by <see cref="LsmStatsReport"/>).</summary>
public sealed partial class LsmEngine
{
    public EngineMetrics GetMetrics()
    {
        var v = _versions.Current;
        var counters = _report.Counters(v, SnapshotCount);
        _separator?.AddCounters(counters);
        long pending = 0;
        foreach (var cf in _cfs) pending += cf.PendingCompactionBytes;
        counters["compaction.pending_bytes"] = pending; // RocksDB's estimate-pending-compaction-bytes, summed over CFs
        return new EngineMetrics(_fs.Counters.Snapshot(), _report.DiskBytes(_dir), counters);
    }

    public string? GetProperty(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var v = _versions.Current;
        const string filesAt = "num-files-at-level";
        if (name.StartsWith(filesAt, StringComparison.Ordinal) && int.TryParse(name.AsSpan(filesAt.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var lv))
            return lv < v.NumLevels(0) ? v.Files[0][lv].Length.ToString(CultureInfo.InvariantCulture) : null;
        return name switch
        {
            "stats" or "rocksdb.stats" => _separator is null ? _report.Stats(v) : _report.Stats(v) + _separator.StatsText(LsmStatsReport.TotalTableBytes(v)),
            "sstables" => _report.SsTables(v),
            // db_bench's waitforcompaction polls these (RocksDB: rocksdb.compaction-pending and running jobs).
            "compaction-pending" => CompactionPending(v) ? "1" : "0",
            "pending-compaction-bytes" => PendingCompactionBytes(v).ToString(CultureInfo.InvariantCulture),
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
                for (var l = 0; l < v.NumLevels(cf.Id) - 1; l++)
                    if (CompactionPicker.Score(cf, v, l) >= 1) return true;
            }
            return false;
        }
    }

    /// <summary>
    /// RocksDB's EstimateCompactionBytesNeeded: L0 bytes plus L1 when L0 reached its trigger, then for
    /// each level over its target the excess times (fanout + 1), the excess carried down a level.
    /// </summary>
    private long PendingCompactionBytes(LsmVersion v)
    {
        double total = 0;
        foreach (var cf in _cfs)
        {
            var files = v.Files[cf.Id];
            double carried = 0;
            for (var l = 0; l < files.Length - 1; l++)
            {
                double bytes = carried;
                foreach (var f in files[l]) bytes += f.Size;
                if (l == 0)
                {
                    if (files[0].Length < cf.Options.Level0FileNumCompactionTrigger) continue;
                    double l1 = 0;
                    foreach (var f in files[1]) l1 += f.Size;
                    total += bytes + l1;
                    carried = bytes;
                    continue;
                }
                var target = cf.Options.MaxBytesForLevel(l);
                carried = bytes > target ? bytes - target : 0;
                total += carried * (cf.Options.MaxBytesForLevelMultiplier + 1);
            }
        }
        return (long)total;
    }
}
