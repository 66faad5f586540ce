using System.Globalization;

namespace Workbench.Storage.RocksDb.Metrics;

/// <summary>
/// Reads ticker values out of <c>Statistics::ToString()</c> (<c>DbOptions.GetStatisticsString()</c>):
/// every ticker by name; RocksDB 11's per-ticker getter takes enum numbers that change between
/// releases. Ticker lines look like
/// <c>rocksdb.wal.bytes COUNT : 12345</c>; histogram lines (<c>name P50 : ... COUNT : n SUM : m</c>)
/// are skipped by <see cref="Parse"/>; <see cref="ParseHistogramCounts"/> reads their COUNT. Stateless.
/// </summary>
internal static class TickerParser
{
    public static Dictionary<string, long> Parse(string? statistics)
    {
        var tickers = new Dictionary<string, long>(StringComparer.Ordinal);
        if (statistics is null) return tickers;
        foreach (var rawLine in statistics.Split('\n'))
        {
            var parts = rawLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4 && parts[1] == "COUNT" && parts[2] == ":"
                && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
                tickers[parts[0]] = value;
        }
        return tickers;
    }

    /// <summary>The sample COUNT of every histogram line (<c>name P50 : … COUNT : n SUM : m</c>), by histogram name.</summary>
    public static Dictionary<string, long> ParseHistogramCounts(string? statistics)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (statistics is null) return counts;
        foreach (var rawLine in statistics.Split('\n'))
        {
            var parts = rawLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 6 || parts[1] == "COUNT") continue; // a ticker line, or too short to be a histogram
            for (var i = 1; i + 2 < parts.Length; i++)
                if (parts[i] == "COUNT" && parts[i + 1] == ":"
                    && long.TryParse(parts[i + 2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    counts[parts[0]] = n;
                    break;
                }
        }
        return counts;
    }
}
