namespace Workbench.Jepsen.Checkers;

/// <summary>
/// A checker's verdict. For Invalid, <see cref="Detail"/> names the smallest counterexample found
/// (the operations involved, by history index). <see cref="Counts"/> are the checker's tallies
/// (e.g. lost, unexpected, recovered for the set checker).
/// </summary>
public sealed record CheckerVerdict(string Checker, VerdictKind Verdict, string Detail, int OperationsChecked, IReadOnlyDictionary<string, long> Counts)
{
    /// <summary>"valid", "invalid" or "unknown", as verdicts.json and the summary print it.</summary>
    public static string Name(VerdictKind v) => v switch
    {
        VerdictKind.Valid => "valid",
        VerdictKind.Invalid => "invalid",
        _ => "unknown",
    };

    /// <summary>"checker: verdict (N operations) — detail", the summary line of one checker.</summary>
    public override string ToString() => $"{Checker}: {Name(Verdict)} ({OperationsChecked} operations){(Detail.Length > 0 ? " — " + Detail : "")}";
}
