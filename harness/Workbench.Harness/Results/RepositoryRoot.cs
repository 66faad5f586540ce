namespace Workbench.Harness.Results;

/// <summary>
/// Finds the repository's root directory (the one holding Workbench.sln): above a given directory,
/// else above the current directory, else above the running binary (harness/…/bin/…), so a matrix
/// kept anywhere still finds workloads/ycsb/… and results can name the commit. Stateless.
/// </summary>
internal static class RepositoryRoot
{
    public const string Marker = "Workbench.sln";

    public static string? Find(string? startDirectory = null)
    {
        foreach (var start in new[] { startDirectory, Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            if (start is not null && Above(start) is { } root) return root;
        return null;
    }

    private static string? Above(string start)
    {
        var dir = Path.GetFullPath(start);
        while (!string.IsNullOrEmpty(dir))
        {
            if (File.Exists(Path.Combine(dir, Marker))) return dir;
            dir = Path.GetDirectoryName(dir);
        }
        return null;
    }
}
