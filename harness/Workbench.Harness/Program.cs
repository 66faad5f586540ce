namespace Workbench.Harness;

/// <summary>Entry point of the `workbench` command.</summary>
public static class Program
{
    public static int Main(string[] args) => Cli.CommandLine.Run(args);
}
