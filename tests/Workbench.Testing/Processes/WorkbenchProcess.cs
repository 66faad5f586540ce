using System.Diagnostics;
using Workbench.Harness.ClusterProcess;

namespace Workbench.Testing.Processes;

/// <summary>
/// The one way tests start the `workbench` CLI (workbench.dll next to the test assembly, on the
/// test's own dotnet host): stdout and stderr redirected, and stdin a pipe the caller's Process
/// holds open and never writes. A long-running cluster verb (pd, node, sql-server, raft-node)
/// gets <see cref="ExitWithParentFlag"/>, so it exits when the test host dies (the pipe closes)
/// instead of outliving it as an orphan holding ports; a verb that runs to completion gets no flag.
/// Every one also gets <see cref="ParentExit.PidVariable"/> = this test host's pid in its
/// environment, which the processes it starts detached inherit (`cluster up`'s pd, nodes and SQL
/// server, a matrix's tcp cells): they exit when the test host is gone, though their stdin is /dev/null.
/// </summary>
public static class WorkbenchProcess
{
    /// <summary>The cluster verbs' flag that exits the process at end of stdin (harness ClusterProcess.ParentExit).</summary>
    public const string ExitWithParentFlag = "--" + ParentExit.Flag;

    /// <summary>The exit code of a verb that exited because its stdin closed.</summary>
    public const int ParentGoneExitCode = ParentExit.ParentGoneExitCode;

    /// <summary>The workbench CLI built next to the test assembly.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "workbench.dll");

    /// <summary>The start info of `workbench ARGS` (plus <see cref="ExitWithParentFlag"/> when <paramref name="exitWithParent"/>).</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, bool exitWithParent, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (!File.Exists(Dll)) throw new FileNotFoundException($"workbench not built at {Dll}", Dll);
        var psi = ChildProcess.StartInfo(ChildProcess.DotnetHost(), [Dll, .. arguments], workingDirectory);
        if (exitWithParent) psi.ArgumentList.Add(ExitWithParentFlag);
        psi.Environment[ParentExit.PidVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return psi;
    }

    /// <summary>Starts a long-running cluster verb as a <see cref="ChildProcess"/>, with <see cref="ExitWithParentFlag"/> unless <paramref name="exitWithParent"/> is false.</summary>
    public static ChildProcess StartChild(IEnumerable<string> arguments, bool exitWithParent = true, string? workingDirectory = null) =>
        ChildProcess.Start(StartInfo(arguments, exitWithParent, workingDirectory));
}
