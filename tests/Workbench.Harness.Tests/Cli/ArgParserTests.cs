using Workbench.Harness.Cli;

namespace Workbench.Harness.Tests.Cli;

public sealed class ArgParserTests
{
    private static ArgParser P() => new ArgParser().Option("num").Option("engine-option").Option("ratio").Flag("sync");

    [Fact]
    public void Options_flags_and_positionals_parse_in_both_spellings()
    {
        var p = P().Parse(["run", "--num", "10K", "--engine-option=a=1", "--engine-option", "b = 2", "--sync", "--ratio=0.5", "file"]);
        Assert.Equal(["run", "file"], p.Positionals);
        Assert.Equal(10240, p.GetLong("num", 0));
        Assert.True(p.Has("sync"));
        Assert.Equal(0.5, p.GetDouble("ratio", 0));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, p.GetKeyValues("engine-option"));
        Assert.Equal(7, P().Parse([]).GetInt("num", 7));
    }

    [Theory]
    [InlineData(new[] { "--nmu", "3" }, "unknown option '--nmu'")]
    [InlineData(new[] { "--num" }, "needs a value")]
    [InlineData(new[] { "--sync=yes" }, "takes no value")]
    public void Bad_command_lines_name_the_problem(string[] args, string expected) =>
        Assert.Contains(expected, Assert.Throws<UsageException>(() => P().Parse(args)).Message, StringComparison.Ordinal);

    [Fact]
    public void Bad_values_name_the_option()
    {
        Assert.Contains("'--num'", Assert.Throws<UsageException>(() => P().Parse(["--num", "lots"]).GetLong("num", 0)).Message, StringComparison.Ordinal);
        Assert.Contains("key=value", Assert.Throws<UsageException>(() => P().Parse(["--engine-option", "novalue"]).GetKeyValues("engine-option")).Message, StringComparison.Ordinal);
    }
}
