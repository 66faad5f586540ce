using System.Globalization;

namespace Workbench.Harness.Statistics;

/// <summary>Cells that differ only by engine and repeat: same workload phase, value size and thread count.</summary>
internal sealed record GroupKey(string Workload, string Phase, int ValueSize, int Threads)
{
    public string Title => string.Create(CultureInfo.InvariantCulture, $"{Workload} {Phase}, {SizeText(ValueSize)} values, {Threads} thread{(Threads == 1 ? "" : "s")}");

    public static string SizeText(int bytes) => bytes >= 1024 && bytes % 1024 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
}
