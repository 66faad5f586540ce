using System.Globalization;

namespace Workbench.Testing.Processes;

/// <summary>
/// The Linux process table as /proc shows it, for tests that check which processes a run left
/// behind (a killed starter's children must exit by themselves). Reads /proc/PID/stat only.
/// </summary>
public static class ProcessTable
{
    /// <summary>The pids whose parent is <paramref name="parent"/> right now.</summary>
    public static List<int> Children(int parent)
    {
        var children = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ParentOf(pid) == parent) children.Add(pid);
        }
        return children;
    }

    /// <summary>True while <paramref name="pid"/> exists and is not a zombie (a dead child its parent has not reaped yet counts as gone).</summary>
    public static bool IsRunning(int pid) => Stat(pid) is { } fields && fields[0] != "Z";

    /// <summary>The parent pid of <paramref name="pid"/>, or null when it does not exist.</summary>
    public static int? ParentOf(int pid) =>
        Stat(pid) is { } fields && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) ? ppid : null;

    /// <summary>The command line of <paramref name="pid"/> (arguments joined by spaces), or null when it does not exist.</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Replace('\0', ' ').TrimEnd();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The fields of /proc/PID/stat after the command name (state, ppid, …), or null when the process does not exist.</summary>
    private static string[]? Stat(int pid)
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
        // The command name is in parentheses and may hold spaces: the fields start after its last ')'.
        return stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
