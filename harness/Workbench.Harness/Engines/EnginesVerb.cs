using Workbench.Harness.Cli;
using Workbench.Storage.Registry;

namespace Workbench.Harness.Engines;

/// <summary>`workbench engines`: lists the registered engines and their options with defaults.</summary>
internal sealed class EnginesVerb : IVerb
{
    public string Name => "engines";
    public string Summary => "list the engines and their options (names, types, defaults)";

    public string Help => """
        usage: workbench engines [--names] [NAME]

        Lists every registered engine with its options (type, default, choices, bounds, scope, meaning).
        With NAME, only that engine; with --names, just the names, one per line. Options are set with --engine-option key=value (bench) or
        under `options:` in a matrix file.

        """;

    public int Run(IReadOnlyList<string> args)
    {
        var p = new ArgParser().Flag("names").Parse(args);
        var registry = EngineCatalog.Create();
        if (p.Has("names"))
        {
            foreach (var f in registry.Factories) Console.WriteLine(f.Name);
            return 0;
        }
        var factories = p.Positionals.Count > 0 ? [registry.GetFactory(p.Positionals[0])] : registry.Factories;
        Write(Console.Out, factories);
        return 0;
    }

    /// <summary>
    /// Each engine's line, then per option two lines: name, type, default (as a config spells it),
    /// choices, bounds and scope; then its meaning. The options are the factories' declarations
    /// (Storage/Registry/EngineOption), so this listing cannot drift from what configs accept.
    /// </summary>
    internal static void Write(TextWriter output, IEnumerable<IEngineFactory> factories)
    {
        foreach (var f in factories)
        {
            output.WriteLine($"{f.Name}: {f.Description}");
            foreach (var o in f.Options)
            {
                var choices = o.AllowedValues is { Count: > 0 } ? $" ({string.Join("|", o.AllowedValues)})" : "";
                var scope = o.Scope == OptionScope.ColumnFamily ? " [per-CF]" : "";
                output.WriteLine($"  {o.Name,-40} {o.Type.ToString().ToLowerInvariant(),-7} default {EngineOption.Format(o.Default)}{choices}{Bounds(o)}{scope}");
                output.WriteLine($"  {"",-40} {o.Description}");
            }
            output.WriteLine();
        }
    }

    /// <summary>" [min..max]", " [&gt;= min]" or " [&lt;= max]"; empty when unbounded.</summary>
    internal static string Bounds(OptionSpec o) => (o.Min, o.Max) switch
    {
        ({ } min, { } max) => $" [{EngineOption.Format(min)}..{EngineOption.Format(max)}]",
        ({ } min, null) => $" [>= {EngineOption.Format(min)}]",
        (null, { } max) => $" [<= {EngineOption.Format(max)}]",
        _ => "",
    };
}
