using Workbench.Harness.Cli;

namespace Workbench.Harness.Engines;

/// <summary>`workbench engines`: lists the registered engines and their options with defaults.</summary>
internal sealed class EnginesVerb : IVerb
{
    public string Name => "engines";
    public string Summary => "list the engines and their options (names, types, defaults)";

    public string Help => """
        usage: workbench engines [--names] [NAME]

        Lists every registered engine with its options (type, default, scope, meaning).
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
        foreach (var f in factories)
        {
            Console.WriteLine($"{f.Name}: {f.Description}");
            foreach (var o in f.Options)
            {
                var choices = o.AllowedValues is { Count: > 0 } ? $" ({string.Join("|", o.AllowedValues)})" : "";
                var scope = o.Scope == Storage.Registry.OptionScope.ColumnFamily ? " [per-CF]" : "";
                Console.WriteLine($"  {o.Name,-40} {o.Type.ToString().ToLowerInvariant(),-7} default {o.Default}{choices}{scope}");
                Console.WriteLine($"  {"",-40} {o.Description}");
            }
            Console.WriteLine();
        }
        return 0;
    }
}
