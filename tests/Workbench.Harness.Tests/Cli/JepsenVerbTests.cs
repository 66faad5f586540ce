using Workbench.Harness.Cli;

namespace Workbench.Harness.Tests.Cli;

/// <summary>`workbench jepsen` end to end in-process: a short run writes its files and exits 0; what the chosen target cannot do exits 2.</summary>
public class JepsenVerbTests
{
    [Fact]
    public void A_short_txn_run_writes_history_and_verdicts_and_exits_zero()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-jepsen-verb-" + Guid.NewGuid().ToString("N"));
        try
        {
            var exit = CommandLine.Run(["jepsen", "--workload", "set", "--nemesis", "kill,clock", "--time", "0.5", "--interval", "100", "--engine", "memory", "--seed", "3", "--out", dir]);
            Assert.Equal(0, exit);
            Assert.True(File.Exists(Path.Combine(dir, "history.jsonl")));
            Assert.Contains("\"valid\": \"valid\"", File.ReadAllText(Path.Combine(dir, "verdicts.json")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--workload", "bank", "--topology", "tcp", "--nemesis", "clock")]
    [InlineData("--workload", "bank", "--topology", "in-process", "--nemesis", "kill")]
    [InlineData("--workload", "bank", "--layer", "raw")]
    [InlineData("--workload", "bank", "--nemesis", "partition")]
    [InlineData("--workload", "bank", "--nemesis", "frobnicate")]
    [InlineData("--workload", "bank", "--engine", "nosuch")]
    [InlineData("--workload", "nosuch")]
    [InlineData("--nemesis", "kill")]
    public void What_this_build_cannot_do_is_a_usage_error(params string[] args)
    {
        Assert.Equal(2, CommandLine.Run(["jepsen", .. args, "--time", "0.1"]));
    }
}
