using System.Globalization;

namespace Workbench.Harness.ClusterProcess;

/// <summary>
/// A long-running process that exits when the process that started it is gone, instead of living
/// on as an orphan holding ports, CPU and disk (a CI run once hung for 90 minutes). Two signals:
/// <list type="bullet">
/// <item>`--exit-with-parent` on the node, pd, sql-server and raft-node verbs (and every test crash
/// child): the process exits when its stdin reaches end of input. The starter (a test harness,
/// `jepsen --topology tcp`) redirects the child's stdin to a pipe it holds open and never writes,
/// so end of input means the starter died (the kernel closes its end). Opt-in only: a user's own
/// process (stdin a terminal or /dev/null) must not exit because nobody types.</item>
/// <item><see cref="PidVariable"/> in the environment: the verb exits when that pid is gone. For
/// processes started detached (`cluster up` gives them /dev/null as stdin and its own session), whose
/// starter's starter is the one to outlive: a test sets its own pid, `cluster up` passes its
/// environment on.</item>
/// </list>
/// The one implementation of the idea: BCL only, so the test crash-child programs (which reference
/// no Workbench project above the engines) and tests/Workbench.Testing compile this file in by link;
/// the harness cannot reference test code, and no lower production project hosts process plumbing.
/// </summary>
internal static class ParentExit
{
    /// <summary>The flag's name without dashes.</summary>
    public const string Flag = "exit-with-parent";

    /// <summary>The environment variable naming a pid whose end ends this process (see the class summary).</summary>
    public const string PidVariable = "WORKBENCH_EXIT_WITH_PID";

    /// <summary>The exit code of a process whose parent went away (EX_SOFTWARE).</summary>
    public const int ParentGoneExitCode = 70;

    /// <summary>The help lines the verbs print for the flag and the variable.</summary>
    public const string HelpLine = "--exit-with-parent: exit (code 70) at end of stdin, for a starter that holds a pipe\n"
        + "open as stdin and never writes (so this dies with it). WORKBENCH_EXIT_WITH_PID=PID in the\n"
        + "environment: exit (code 70) once process PID is gone.";

    /// <summary>How often the pid named by <see cref="PidVariable"/> is checked (a background thread; one /proc read).</summary>
    private static readonly TimeSpan PidPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The verbs' entry: watches stdin when <paramref name="exitWithParent"/> (the flag was given),
    /// and the pid in <see cref="PidVariable"/> when it is set. A malformed variable is one line on
    /// stderr and no watch (the process still runs as asked).
    /// </summary>
    public static void Start(bool exitWithParent, string role)
    {
        if (exitWithParent) Watch(role);
        if (Environment.GetEnvironmentVariable(PidVariable) is not { Length: > 0 } text) return;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 0)
        {
            Console.Error.WriteLine($"workbench {role}: {PidVariable}='{text}' is not a pid; not watching it");
            return;
        }
        WatchPid(role, pid);
    }

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
            Exit(role, "stdin closed (--exit-with-parent): the starting process is gone");
        })
        { IsBackground = true, Name = "parent-exit" };
        watch.Start();
    }

    /// <summary>
    /// Starts a background thread that logs one line and exits the process once <paramref name="pid"/>
    /// is gone. The pid's start time (/proc/PID/stat) is read first, so a reused pid counts as gone;
    /// a pid already gone at the start exits at once.
    /// </summary>
    public static void WatchPid(string role, int pid)
    {
        var started = StartTime(pid);
        var watch = new Thread(() =>
        {
            while (started is not null && StartTime(pid) == started) Thread.Sleep(PidPoll); // a poll: nothing to wait on for a non-child
            Exit(role, $"process {pid} ({PidVariable}) is gone");
        })
        { IsBackground = true, Name = "parent-pid-exit" };
        watch.Start();
    }

    /// <summary>
    /// Field 22 of /proc/PID/stat (start time in clock ticks since boot), or null when the process
    /// does not exist or is a zombie (dead, not reaped: a container whose init does not reap would
    /// otherwise keep a dead starter "running" forever).
    /// </summary>
    private static string? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
        var rest = stat.AsSpan(stat.LastIndexOf(')') + 1).Trim();
        if (rest.Length > 0 && rest[0] == 'Z') return null; // field 3, the state
        for (var field = 3; field < 22; field++)
        {
            var space = rest.IndexOf(' ');
            if (space < 0) return null;
            rest = rest[(space + 1)..];
        }
        var end = rest.IndexOf(' ');
        return (end < 0 ? rest : rest[..end]).ToString();
    }

    private static void Exit(string role, string why)
    {
        try
        {
            Console.Error.WriteLine($"workbench {role}: {why}, exiting");
            Console.Error.Flush();
        }
        catch (IOException)
        {
            // best effort: the log may be a pipe nobody reads any more
        }
        // No clean shutdown: an orphan must not hang on one (what a dead starter leaves is a crash anyway).
        Environment.Exit(ParentGoneExitCode);
    }
}
