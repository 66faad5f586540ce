using System.Globalization;
using System.Text.RegularExpressions;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Testing.Golden;

namespace Workbench.Storage.Lsm.Tests.Golden;

/// <summary>
/// Golden test of the "stats" property (testdata/stats.txt; see <see cref="GoldenFile"/>): fixed data
/// written by one thread into an in-memory file system with automatic compactions out of reach, so
/// every counter is deterministic; the figures that measure time (Comp(sec), comp s, stall seconds)
/// are masked as "<c>#.#</c>".
/// </summary>
public partial class GoldenStatsTests
{
    [Fact]
    public void Stats_property() => GoldenFile.Run("stats.txt", Run);

    /// <summary>
    /// <c>stats [option=value…]</c> (engine options over a no-automatic-compaction base). Input: steps,
    /// <c>put FROM-TO SIZE</c> (keys kNNNNNN, value bytes derived from the key), <c>delete FROM-TO</c>,
    /// <c>get FROM-TO</c>, <c>flush</c>, <c>compact</c>. Output: the stats text, timings masked.
    /// </summary>
    private static IEnumerable<string> Run(GoldenFile.Case c)
    {
        if (c.Command != "stats") throw new InvalidDataException($"unknown command '{c.Command}'");
        var options = new Dictionary<string, string>
        {
            ["write_buffer_size"] = "8MB", // larger than any case writes: only the explicit flushes flush, no write waits for one
            ["level0_file_num_compaction_trigger"] = "100",
            ["level0_slowdown_writes_trigger"] = "200",
            ["level0_stop_writes_trigger"] = "300",
            ["max_bytes_for_level_base"] = "1GB",
        };
        foreach (var (k, v) in c.Args) options[k] = v;
        using var e = LsmTestEngines.Open(new MemoryFileSystem(), "/db", overrides: options);
        var cf = e.DefaultColumnFamily();
        foreach (var step in c.Input)
        {
            var parts = step.Split(' ');
            switch (parts[0])
            {
                case "put":
                    {
                        var size = int.Parse(parts[2], CultureInfo.InvariantCulture);
                        foreach (var i in Range(parts[1])) e.Put(cf, Key(i), Value(i, size));
                        break;
                    }
                case "delete": foreach (var i in Range(parts[1])) e.Delete(cf, Key(i)); break;
                case "get": foreach (var i in Range(parts[1])) _ = e.Get(cf, Key(i)); break;
                case "flush": e.Flush(); break;
                case "compact": e.CompactRange(cf); break;
                default: throw new InvalidDataException($"unknown step '{step}'");
            }
        }
        var stats = e.GetProperty("stats") ?? throw new InvalidOperationException("no stats property");
        return stats.TrimEnd('\n').Split('\n').Select(Mask);
    }

    /// <summary>Masks the time figures: the Comp(sec) column, "comp N s" and the stall seconds.</summary>
    private static string Mask(string line)
    {
        if ((line.StartsWith('L') && !line.StartsWith("Level", StringComparison.Ordinal)) || line.StartsWith("Sum ", StringComparison.Ordinal))
        {
            // level rows: the 11th column is Comp(sec)
            var cols = ColumnRegex().Matches(line);
            if (cols.Count == 12) return string.Concat(line.AsSpan(0, cols[10].Index), "#.#".PadLeft(cols[10].Length), line.AsSpan(cols[10].Index + cols[10].Length));
        }
        line = CompSecondsRegex().Replace(line, "comp #.# s");
        return StallSecondsRegex().Replace(line, "Stalls: #.# s");
    }

    private static IEnumerable<int> Range(string spec)
    {
        var r = spec.Split('-');
        var from = int.Parse(r[0], CultureInfo.InvariantCulture);
        return Enumerable.Range(from, int.Parse(r[1], CultureInfo.InvariantCulture) - from + 1);
    }

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"k{i:D6}");

    private static byte[] Value(int i, int size)
    {
        var v = new byte[size];
        var x = (uint)i * 2654435761u;
        for (var j = 0; j < v.Length; j++)
        {
            x = x * 1103515245 + 12345;
            v[j] = (byte)(x >> 24);
        }
        return v;
    }

    [GeneratedRegex(@"\S+")]
    private static partial Regex ColumnRegex();

    [GeneratedRegex(@"comp [0-9.]+ s")]
    private static partial Regex CompSecondsRegex();

    [GeneratedRegex(@"Stalls: [0-9.]+ s")]
    private static partial Regex StallSecondsRegex();
}
