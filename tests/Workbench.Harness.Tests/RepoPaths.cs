namespace Workbench.Harness.Tests;

/// <summary>Locates files of the repository from the test output directory.</summary>
internal static class RepoPaths
{
    public static string Root
    {
        get
        {
            var dir = AppContext.BaseDirectory;
            while (dir is not null && !File.Exists(Path.Combine(dir, "Workbench.sln"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("repository root (Workbench.sln) not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Workload(string name) => Path.Combine(Root, "workloads", "ycsb", name);

    public static string Matrix(string name) => Path.Combine(Root, "harness", "matrices", name);
}
