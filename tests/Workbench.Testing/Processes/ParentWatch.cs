namespace Workbench.Testing.Processes;

/// <summary>
/// The child side of <see cref="ChildProcess"/>: the parent holds the child's stdin open and never
/// writes to it, so end of input means the parent is gone (a crashed or killed test host). The child
/// then exits instead of writing on as an orphan — .NET ignores EPIPE on console writes, so a child
/// whose reader died would otherwise run (and fill the disk) until someone kills it. Compiled into
/// the crash-child programs by file link (they do not reference this project), so it uses nothing
/// but the BCL. Only for children started by <see cref="ChildProcess"/>: a process whose stdin is
/// /dev/null would exit at once.
/// </summary>
public static class ParentWatch
{
    /// <summary>The exit code of a child whose parent went away (EX_SOFTWARE).</summary>
    public const int ParentGoneExitCode = 70;

    /// <summary>Starts a background thread that exits the process when stdin reaches end of input.</summary>
    public static void ExitWhenParentGone()
    {
        var watch = new Thread(() =>
        {
            try
            {
                using var stdin = Console.OpenStandardInput();
                var buffer = new byte[64];
                while (stdin.Read(buffer, 0, buffer.Length) > 0)
                {
                    // the parent never writes; anything read is ignored
                }
            }
            catch (IOException)
            {
                // a broken stdin means the same: nobody is listening any more
            }
            Environment.Exit(ParentGoneExitCode);
        })
        { IsBackground = true, Name = "parent-watch" };
        watch.Start();
    }
}
