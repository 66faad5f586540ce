namespace Workbench.Workloads.DbBench;

/// <summary>Maps db_bench's benchmark names to <see cref="BenchmarkKind"/> and back.</summary>
public static class BenchmarkNames
{
    private static readonly (string Name, BenchmarkKind Kind)[] Table =
    [
        ("fillseq", BenchmarkKind.FillSeq),
        ("fillrandom", BenchmarkKind.FillRandom),
        ("overwrite", BenchmarkKind.Overwrite),
        ("readrandom", BenchmarkKind.ReadRandom),
        ("readseq", BenchmarkKind.ReadSeq),
        ("seekrandom", BenchmarkKind.SeekRandom),
        ("readwhilewriting", BenchmarkKind.ReadWhileWriting),
        ("deleterandom", BenchmarkKind.DeleteRandom),
        ("waitforcompaction", BenchmarkKind.WaitForCompaction),
    ];

    /// <summary>Every benchmark name, in the order --help lists them.</summary>
    public static IEnumerable<string> All => Table.Select(t => t.Name);

    /// <summary>Parses a db_bench benchmark name (exact, lower case); false when unknown.</summary>
    public static bool TryParse(string name, out BenchmarkKind kind)
    {
        foreach (var (n, k) in Table)
            if (n == name)
            {
                kind = k;
                return true;
            }
        kind = default;
        return false;
    }

    /// <summary>The db_bench name of <paramref name="kind"/>.</summary>
    public static string ToName(this BenchmarkKind kind) => Table.First(t => t.Kind == kind).Name;

    /// <summary>Whether the benchmark writes (so its phase is flushed and measured for write amplification).</summary>
    public static bool Writes(this BenchmarkKind kind) =>
        kind is BenchmarkKind.FillSeq or BenchmarkKind.FillRandom or BenchmarkKind.Overwrite or BenchmarkKind.DeleteRandom or BenchmarkKind.ReadWhileWriting;

    /// <summary>Fill benchmarks start from an empty database, as db_bench's do.</summary>
    public static bool StartsFresh(this BenchmarkKind kind) => kind is BenchmarkKind.FillSeq or BenchmarkKind.FillRandom;
}
