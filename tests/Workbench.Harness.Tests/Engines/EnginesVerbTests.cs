using Workbench.Harness.Engines;
using Workbench.Storage.Registry;

namespace Workbench.Harness.Tests.Engines;

/// <summary>`workbench engines` lists every declared option of every engine, with its default as a config spells it and its bounds.</summary>
public sealed class EnginesVerbTests
{
    [Fact]
    public void Every_declared_option_of_every_engine_is_listed_with_default_and_bounds()
    {
        var factories = EngineCatalog.Create().Factories;
        var output = new StringWriter();
        EnginesVerb.Write(output, factories);
        var lines = output.ToString().Split('\n');
        var i = 0;
        foreach (var f in factories)
        {
            while (i < lines.Length && !lines[i].StartsWith(f.Name + ": ", StringComparison.Ordinal)) i++;
            Assert.True(i < lines.Length, $"engine '{f.Name}' is not listed");
            foreach (var o in f.Options)
            {
                i++;
                var line = lines[i];
                Assert.StartsWith($"  {o.Name} ", line, StringComparison.Ordinal);
                Assert.Contains($" default {EngineOption.Format(o.Default)}", line, StringComparison.Ordinal);
                Assert.Contains(EnginesVerb.Bounds(o), line, StringComparison.Ordinal);
                Assert.Equal(o.Scope == OptionScope.ColumnFamily, line.EndsWith("[per-CF]", StringComparison.Ordinal));
                i++;
                Assert.Contains(o.Description, lines[i], StringComparison.Ordinal);
            }
        }
        Assert.Contains($"  {"max_background_jobs",-40} {"int",-7} default 2 [1..64]", lines);
        Assert.Contains($"  {"sync_all_writes",-40} {"bool",-7} default false", lines);
    }

    [Fact]
    public void Bounds_read_as_ranges()
    {
        Assert.Equal(" [1..64]", EnginesVerb.Bounds(new OptionSpec("n", OptionType.Int, 2, "", Min: 1, Max: 64)));
        Assert.Equal(" [>= 4096]", EnginesVerb.Bounds(new OptionSpec("n", OptionType.Size, 8192L, "", Min: 4096)));
        Assert.Equal(" [<= 1]", EnginesVerb.Bounds(new OptionSpec("n", OptionType.Double, 0.5, "", Max: 1)));
        Assert.Equal("", EnginesVerb.Bounds(new OptionSpec("n", OptionType.Bool, false, "")));
    }
}
