namespace Workbench.Harness.Cli;

/// <summary>Dispatches `workbench VERB ...` to the verb's command. Placeholder until the verbs land.</summary>
public static class CommandLine
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Console.WriteLine("workbench: verbs are being built");
        return 0;
    }
}
