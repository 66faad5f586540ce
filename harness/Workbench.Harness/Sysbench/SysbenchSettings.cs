namespace Workbench.Harness.Sysbench;

/// <summary>One sysbench OLTP workload as a matrix names it (test, tables × table_size, threads, time, rand-type, ps-mode).</summary>
internal sealed record SysbenchSettings
{
    /// <summary>The OLTP scripts of sysbench 1.0.20 (/usr/share/sysbench) that prepare sbtest tables.</summary>
    public static readonly IReadOnlyList<string> Tests =
        ["oltp_read_write", "oltp_read_only", "oltp_write_only", "oltp_point_select", "oltp_update_index", "oltp_update_non_index", "oltp_insert", "oltp_delete"];
    public static readonly IReadOnlyList<string> RandTypes = ["uniform", "gaussian", "special", "pareto"];
    public static readonly IReadOnlyList<string> PsModes = ["auto", "disable"];

    public string Test { get; init; } = "oltp_read_write";
    public int Tables { get; init; } = 1;
    public long TableSize { get; init; } = 100_000;
    public int Threads { get; init; } = 4;
    public int Seconds { get; init; } = 10;
    public string RandType { get; init; } = "uniform";
    public string PsMode { get; init; } = "auto";
}
