using Workbench.Storage.Errors;

namespace Workbench.Harness.Cli;

/// <summary>
/// Dispatches `workbench VERB ...`. Exit codes: 0 success, 1 the work failed (a storage failure
/// prints one line: what, which file, what to do; `--verbose` adds the trace), 2 bad usage or
/// config (the message names the offending option, engine or key).
/// </summary>
internal static class CommandLine
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
        new ClusterBenchCommand(),
        new SqlServer.SqlServerVerb(),
        new Jepsen.JepsenVerb(),
        new ClusterProcess.PdVerb(),
        new ClusterProcess.NodeVerb(),
        new ClusterProcess.ClusterVerb(),
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
        // --verbose (any verb): a failure also prints its stack trace.
        var verbose = rest.Contains("--verbose");
        if (verbose) rest = Array.FindAll(rest, a => a != "--verbose");
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
        catch (Exception e) when (StorageFailure.Describe(e) is { } line)
        {
            // Typed storage failures (corruption, disk full, I/O): one line saying what, which file and
            // what to do; the trace only on request. Anything else is a bug and keeps its trace.
            Console.Error.WriteLine($"workbench {verb.Name}: {line}");
            if (verbose) Console.Error.WriteLine(e.ToString());
            else Console.Error.WriteLine("(run again with --verbose for the stack trace)");
            return 1;
        }
    }

    public static string TopLevelHelp()
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("workbench — storage-engine research workbench");
        sb.AppendLine();
        sb.AppendLine("usage: workbench VERB [options] [--verbose]    (workbench VERB --help for a verb's options;");
        sb.AppendLine("       --verbose prints the stack trace of a failure)");
        sb.AppendLine();
        sb.AppendLine("verbs:");
        foreach (var v in Verbs) sb.Append("  ").Append(v.Name.PadRight(12)).AppendLine(v.Summary);
        return sb.ToString();
    }
}
