using Workbench.Storage;

namespace Workbench.Harness.Cli;

/// <summary>
/// Dispatches `workbench VERB ...`. Exit codes: 0 success, 1 the work failed, 2 bad usage or
/// config (the message names the offending option, engine or key).
/// </summary>
public static class CommandLine
{
    /// <summary>The verbs, in the order `--help` lists them. Add a verb with one line here.</summary>
    public static IReadOnlyList<IVerb> Verbs { get; } =
    [
        new Bench.BenchVerb(),
        new Engines.EnginesVerb(),
        new Ycsb.YcsbVerb(),
        new Matrix.MatrixVerb(),
        new Report.ReportVerb(),
        new RaftNodeCommand(),
        new SqlServer.SqlServerVerb(),
    ];

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.Write(TopLevelHelp());
            return args.Length == 0 ? 2 : 0;
        }
        var verb = Verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            Console.Error.WriteLine($"workbench: unknown verb '{args[0]}'; verbs: {string.Join(", ", Verbs.Select(v => v.Name))}");
            return 2;
        }
        var rest = args[1..];
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            Console.Out.Write(verb.Help);
            return 0;
        }
        try
        {
            return verb.Run(rest);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"workbench {verb.Name}: {e.Message}");
            Console.Error.WriteLine($"(see: workbench {verb.Name} --help)");
            return 2;
        }
        catch (EngineConfigException e)
        {
            Console.Error.WriteLine($"workbench {verb.Name}: {e.Message}");
            return 2;
        }
        catch (EngineUnavailableException e)
        {
            Console.Error.WriteLine($"workbench {verb.Name}: {e.Message}");
            return 1;
        }
    }

    public static string TopLevelHelp()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("workbench — storage-engine research workbench");
        sb.AppendLine();
        sb.AppendLine("usage: workbench VERB [options]    (workbench VERB --help for a verb's options)");
        sb.AppendLine();
        sb.AppendLine("verbs:");
        foreach (var v in Verbs) sb.Append("  ").Append(v.Name.PadRight(12)).AppendLine(v.Summary);
        return sb.ToString();
    }
}
