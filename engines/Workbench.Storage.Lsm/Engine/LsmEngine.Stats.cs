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
            _ => null,
        };
    }
}
