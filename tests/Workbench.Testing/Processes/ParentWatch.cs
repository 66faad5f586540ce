using Workbench.Harness.ClusterProcess;

namespace Workbench.Testing.Processes;

/// <summary>
/// The child side of <see cref="ChildProcess"/> for crash children that are test assemblies (the
/// LSM's runs in the test assembly itself): the parent holds the child's stdin open and never
/// writes to it, so end of input means the parent is gone (a crashed or killed test host). The
/// child then exits instead of writing on as an orphan — .NET ignores EPIPE on console writes, so a
/// child whose reader died would otherwise run (and fill the disk) until someone kills it. A thin
/// public face of the harness's ParentExit (compiled in by file link), the one implementation the
/// cluster verbs' --exit-with-parent also runs; the crash-child programs link ParentExit directly.
/// Only for children started by <see cref="ChildProcess"/>: a process whose stdin is /dev/null
/// would exit at once.
/// </summary>
public static class ParentWatch
{
    /// <summary>The exit code of a child whose parent went away (EX_SOFTWARE).</summary>
    public const int ParentGoneExitCode = ParentExit.ParentGoneExitCode;

    /// <summary>Starts a background thread that exits the process (one line on stderr) when stdin reaches end of input.</summary>
    public static void ExitWhenParentGone() => ParentExit.Watch("crash child");
}
