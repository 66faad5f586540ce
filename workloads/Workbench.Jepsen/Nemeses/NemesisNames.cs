using Workbench.Jepsen.Runs;

namespace Workbench.Jepsen.Nemeses;

/// <summary>Command-line names of the nemeses, and parsing of a comma-separated list (an unknown name is an error naming the known ones).</summary>
public static class NemesisNames
{
    private static readonly (string Name, NemesisKind Kind)[] Table =
    [
        ("partition", NemesisKind.Partition),
        ("partition-one", NemesisKind.PartitionOne),
        ("partition-halves", NemesisKind.PartitionHalves),
        ("partition-ring", NemesisKind.PartitionRing),
        ("kill", NemesisKind.Kill),
        ("kill-pd", NemesisKind.KillPd),
        ("loss", NemesisKind.Loss),
        ("delay", NemesisKind.Delay),
        ("leader", NemesisKind.Leader),
        ("split", NemesisKind.Split),
        ("pause", NemesisKind.Pause),
        ("clock", NemesisKind.Clock),
        ("kill-sql", NemesisKind.KillSql),
    ];

    /// <summary>Every command-line name, in the order --help lists them.</summary>
    public static IEnumerable<string> All => Table.Select(t => t.Name);

    /// <summary>The command-line name of <paramref name="kind"/>.</summary>
    public static string Name(NemesisKind kind)
    {
        foreach (var (n, k) in Table) if (k == kind) return n;
        throw new ArgumentOutOfRangeException(nameof(kind));
    }

    /// <summary>"partition,kill" → [Partition, Kill]; "none" or "" → no nemesis.</summary>
    public static List<NemesisKind> Parse(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = new List<NemesisKind>();
        foreach (var raw in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "none") continue;
            var found = false;
            foreach (var (n, k) in Table)
            {
                if (n != raw) continue;
                if (!result.Contains(k)) result.Add(k);
                found = true;
            }
            if (!found) throw new JepsenConfigException($"unknown nemesis '{raw}'; known: none, {string.Join(", ", All)}");
        }
        return result;
    }
}
