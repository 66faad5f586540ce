namespace Workbench.Jepsen.Checkers;

/// <summary>Jepsen's :valid? — true, false, or :unknown (not enough information, or the search budget ran out).</summary>
public enum VerdictKind
{
    /// <summary>The history satisfies the checker's property.</summary>
    Valid,
    /// <summary>A counterexample was found.</summary>
    Invalid,
    /// <summary>No verdict: too little information or the search budget ran out.</summary>
    Unknown,
}
