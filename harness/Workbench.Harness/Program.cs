namespace Workbench.Harness;

/// <summary>Entry point of the `workbench` command.</summary>
internal static class Program
{
    public static int Main(string[] args) => Cli.CommandLine.Run(args);
}
