namespace Workbench.Harness.ClusterProcess;

/// <summary>
/// `--exit-with-parent` on the node, pd, sql-server and raft-node verbs: the process exits when its
/// stdin reaches end of input. The starter (a test harness, `jepsen --topology tcp`) redirects the
/// child's stdin to a pipe it holds open and never writes, so end of input means the starter is
/// gone (killed, crashed) and the cluster process would otherwise live on as an orphan holding
/// ports and CPU (a CI run once hung for 90 minutes). Opt-in only: a user's own process (stdin a
/// terminal or /dev/null) must not exit because nobody types. Lives here, not in a lower project,
/// because only these verbs run it and the starters need nothing but the flag's name; the test
/// crash children use the BCL-only mirror tests/Workbench.Testing/Processes/ParentWatch.cs, which
/// is linked by file into programs that reference no Workbench project.
/// </summary>
internal static class ParentExit
{
    /// <summary>The flag's name without dashes.</summary>
    public const string Flag = "exit-with-parent";

    /// <summary>The exit code of a process whose parent went away (EX_SOFTWARE, as ParentWatch).</summary>
    public const int ParentGoneExitCode = 70;

    /// <summary>The help line the verbs print for the flag.</summary>
    public const string HelpLine = "--exit-with-parent exits (code 70) when stdin reaches end of input: for starters that hold a pipe open as the child's stdin, so it dies with them.";

    /// <summary>Starts a background thread that logs one line and exits the process when stdin reaches end of input.</summary>
    public static void Watch(string role)
    {
        var watch = new Thread(() =>
        {
            try
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[64];
                while (stdin.Read(buffer, 0, buffer.Length) > 0)
                {
                    // the starter never writes; anything read is ignored
                }
            }
            catch (IOException)
            {
                // a broken stdin means the same: the starter is gone
            }
            try
            {
                Console.Error.WriteLine($"workbench {role}: stdin closed (--exit-with-parent): the starting process is gone, exiting");
                Console.Error.Flush();
            }
            catch (IOException)
            {
                // best effort: the log may be a pipe nobody reads any more
            }
            // No clean shutdown: an orphan must not hang on one (what a killed starter leaves is a crash anyway).
            Environment.Exit(ParentGoneExitCode);
        })
        { IsBackground = true, Name = "parent-exit" };
        watch.Start();
    }
}
