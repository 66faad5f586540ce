using Workbench.Storage.Proc;

namespace Workbench.Harness.ClusterProcess;

/// <summary>
/// Device bytes of a tcp cluster's processes (DESIGN.md §4): write_bytes of /proc/&lt;pid&gt;/io of
/// each PD, node and SQL server process, each since that process started; a process whose file
/// cannot be read (gone, or another user's) is listed as unreadable, never counted as zero.
/// </summary>
internal static class ClusterDeviceBytes
{
    /// <summary>One process's reading: its role (e.g. "node 2"), pid and write_bytes, or null when unreadable.</summary>
    public sealed record ProcessReading(string Role, int Pid, long? WriteBytes);

    public static List<ProcessReading> Read(IEnumerable<(string Role, int Pid)> processes)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var list = new List<ProcessReading>();
        foreach (var (role, pid) in processes)
        {
            long? bytes;
            try
            {
                bytes = ProcessIo.ReadProcess(pid).WriteBytes;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException or FormatException)
            {
                bytes = null;
            }
            list.Add(new ProcessReading(role, pid, bytes));
        }
        return list;
    }

    /// <summary>The sum over the readable processes.</summary>
    public static long Total(IEnumerable<ProcessReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        long sum = 0;
        foreach (var r in readings) sum += r.WriteBytes ?? 0;
        return sum;
    }

    /// <summary>The running PD, node and SQL processes of a tcp cluster YAML (their pid files), for `ycsb --pd … --processes FILE`.</summary>
    public static List<(string Role, int Pid)> ProcessesOf(string clusterFile)
    {
        var config = ClusterConfigFile.LoadTcp(clusterFile, "--processes");
        return ClusterVerb.ClusterPids(config, clusterFile);
    }

    /// <summary>after − before per process (by pid; a process that was not readable both times is left out), and their sum.</summary>
    public static (long Total, string Line) Delta(IReadOnlyList<ProcessReading> before, IReadOnlyList<ProcessReading> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        long total = 0;
        var parts = new List<string>();
        foreach (var a in after)
        {
            var b = before.FirstOrDefault(x => x.Pid == a.Pid);
            if (a.WriteBytes is not { } av || b?.WriteBytes is not { } bv)
            {
                parts.Add($"{a.Role} unreadable");
                continue;
            }
            total += av - bv;
            parts.Add($"{a.Role} {Bench.BenchReportFormatter.Size(av - bv)}");
        }
        return (total, $"device bytes of the cluster's processes (/proc/<pid>/io write_bytes over the phase, every node's engine flushed at both ends): total {Bench.BenchReportFormatter.Size(total)} = " + string.Join(", ", parts));
    }

    /// <summary>"device bytes written by the cluster's processes: …" for `cluster status` (which flushes every node's engine first).</summary>
    public static string Describe(IReadOnlyList<ProcessReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var parts = new List<string>();
        foreach (var r in readings) parts.Add($"{r.Role} (pid {r.Pid}) {(r.WriteBytes is { } b ? Bench.BenchReportFormatter.Size(b) : "unreadable")}");
        return $"device bytes written (/proc/<pid>/io write_bytes, each since its process started, after every node flushed its engine): total {Bench.BenchReportFormatter.Size(Total(readings))} = " + string.Join(", ", parts);
    }
}
