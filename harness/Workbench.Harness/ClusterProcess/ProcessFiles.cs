using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Workbench.Harness.ClusterProcess;

/// <summary>
/// The pid and log files of the cluster's processes (in each one's data directory: <c>pd.pid</c>/<c>pd.log</c>,
/// <c>node.pid</c>/<c>node.log</c>), starting a verb of this same executable as a detached process
/// (its own session via setsid, output appended to its log, stdin from /dev/null), and stopping one
/// (SIGTERM, then SIGKILL after a grace period). A pid file is trusted only while its process runs
/// this program (checked in /proc), so a reused pid is never signalled.
/// </summary>
internal static class ProcessFiles
{
    public static string PidFile(string dataDir, string role) => Path.Combine(dataDir, role + ".pid");

    public static string LogFile(string dataDir, string role) => Path.Combine(dataDir, role + ".log");

    public static void WritePid(string dataDir, string role)
    {
        Directory.CreateDirectory(dataDir);
        File.WriteAllText(PidFile(dataDir, role), Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    public static void RemovePid(string dataDir, string role)
    {
        var f = PidFile(dataDir, role);
        try
        {
            if (File.Exists(f) && File.ReadAllText(f).Trim() == Environment.ProcessId.ToString(CultureInfo.InvariantCulture)) File.Delete(f);
        }
        catch (IOException)
        {
            // best effort: a stale pid file is recognised as dead later
        }
    }

    /// <summary>The pid in the file when that process is alive and is a workbench process; else null.</summary>
    public static int? RunningPid(string dataDir, string role)
    {
        var f = PidFile(dataDir, role);
        if (!File.Exists(f)) return null;
        if (!int.TryParse(File.ReadAllText(f).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
        return IsWorkbench(pid) ? pid : null;
    }

    private static bool IsWorkbench(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            return cmdline.Contains("workbench", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts `workbench ARGS` detached; output goes to <paramref name="logFile"/>. The returned
    /// process (same pid through sh's and setsid's exec) tells whether it is still running — more
    /// reliable right after the start than /proc's cmdline, which is briefly empty during an exec.
    /// </summary>
    public static Process StartDetached(IReadOnlyList<string> args, string logFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var (exe, prefix) = Self();
        // sh redirects the descriptors; exec setsid puts the program in its own session (no
        // terminal signals reach it) while keeping the pid (sh is not a group leader).
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(File.Exists("/usr/bin/setsid") || File.Exists("/bin/setsid")
            ? "exec setsid \"$0\" \"$@\" >>\"$WORKBENCH_LOG\" 2>&1 </dev/null"
            : "exec \"$0\" \"$@\" >>\"$WORKBENCH_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add(exe);
        foreach (var a in prefix) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["WORKBENCH_LOG"] = Path.GetFullPath(logFile);
        return Process.Start(psi) ?? throw new IOException("could not start " + exe);
    }

    /// <summary>
    /// Runs `workbench ARGS` as a child and waits for it (a matrix cell's `cluster up` / `cluster
    /// down`, whose messages go to <paramref name="logFile"/> rather than over the progress display);
    /// killed after <paramref name="timeout"/> or on <paramref name="cancel"/>. Returns the exit code (-1 when killed).
    /// The child gets <see cref="ParentExit.PidVariable"/> = this process's pid, which the processes
    /// `cluster up` starts inherit: a matrix killed with SIGKILL (no `cluster down`) leaves no cluster behind.
    /// </summary>
    public static int RunAttached(IReadOnlyList<string> args, string logFile, TimeSpan timeout, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logFile))!);
        var (exe, prefix) = Self();
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$WORKBENCH_LOG\" 2>&1 </dev/null");
        psi.ArgumentList.Add(exe);
        foreach (var a in prefix) psi.ArgumentList.Add(a);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["WORKBENCH_LOG"] = Path.GetFullPath(logFile);
        psi.Environment[ParentExit.PidVariable] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(psi) ?? throw new IOException("could not start " + exe);
        var deadline = DateTime.UtcNow + timeout;
        // Waits on the child's exit, in slices so a cancellation (Ctrl-C of the matrix) ends the wait.
        while (DateTime.UtcNow < deadline && !cancel.IsCancellationRequested)
            if (process.WaitForExit(200)) return process.ExitCode;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return -1;
    }

    /// <summary>How to run this program again: the apphost, or `dotnet workbench.dll`.</summary>
    private static (string Exe, string[] Prefix) Self()
    {
        var path = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
            return (path, [Path.Combine(AppContext.BaseDirectory, "workbench.dll")]);
        return (path, []);
    }

    public static bool IsAlive(int pid) => IsWorkbench(pid);

    /// <summary>SIGTERM, wait up to <paramref name="grace"/> for the process to go, then SIGKILL. True when it is gone.</summary>
    public static bool Stop(int pid, TimeSpan grace)
    {
        if (!IsWorkbench(pid)) return true;
        _ = Kill(pid, 15);
        var deadline = DateTime.UtcNow + grace;
        while (DateTime.UtcNow < deadline)
        {
            if (!IsWorkbench(pid)) return true;
            Thread.Sleep(20); // polling the process table for the exit condition
        }
        _ = Kill(pid, 9);
        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            if (!IsWorkbench(pid)) return true;
            Thread.Sleep(20);
        }
        return false;
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
