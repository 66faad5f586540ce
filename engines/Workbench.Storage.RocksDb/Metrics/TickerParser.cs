using System.Globalization;

namespace Workbench.Storage.RocksDb.Metrics;

/// <summary>
/// Reads ticker values out of <c>Statistics::ToString()</c> (<c>DbOptions.GetStatisticsString()</c>):
/// every ticker by name; RocksDB 11's per-ticker getter takes enum numbers that change between
/// releases. Ticker lines look like
/// <c>rocksdb.wal.bytes COUNT : 12345</c>; histogram lines (<c>name P50 : ... COUNT : n SUM : m</c>)
/// are skipped. Stateless.
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
}
