namespace Workbench.Jepsen.Checkers;

/// <summary>Jepsen's :valid? — true, false, or :unknown (not enough information, or the search budget ran out).</summary>
public enum VerdictKind
{
    Valid,
    Invalid,
    Unknown,
}
