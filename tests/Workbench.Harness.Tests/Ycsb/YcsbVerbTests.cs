using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Harness.Results;
using Workbench.Harness.Ycsb;

namespace Workbench.Harness.Tests.Ycsb;

public sealed class YcsbVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-ycsb-" + Guid.NewGuid().ToString("N"));

    public YcsbVerbTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Output_lines_follow_go_ycsb()
    {
        var line = YcsbOutputFormatter.Line("READ", 10, new OperationLatency { Count = 4985, Avg = 520.4, Min = 193, Max = 17071, P50 = 446, P90 = 697, P95 = 860, P99 = 1584, P999 = 6015, P9999 = 17071 });
        Assert.Equal("READ   - Takes(s): 10.0, Count: 4985, OPS: 498.5, Avg(us): 520, Min(us): 193, Max(us): 17071, 50th(us): 446, 90th(us): 697, 95th(us): 860, 99th(us): 1584, 99.9th(us): 6015, 99.99th(us): 17071", line);
    }

    [Fact]
    public void Run_with_load_prints_every_operation_and_writes_json()
    {
        var json = Path.Combine(_dir, "y.json");
        var (exit, stdout, stderr) = Cli.WorkbenchProcessTests.Run("ycsb", "run", "--workload", RepoPaths.Workload("workloada"), "-p", "recordcount=2000", "-p", "operationcount=4000",
            "--engine", "memory", "--engine-option", "durable=true", "--threads", "2", "--load", "--json", json);
        Assert.True(exit == 0, stderr);
        Assert.Matches(new Regex(@"^INSERT - Takes\(s\): [\d.]+, Count: 2000, OPS: ", RegexOptions.Multiline), stdout);
        Assert.Matches(new Regex(@"^READ   - Takes\(s\): [\d.]+, Count: \d+, OPS: [\d.]+, Avg\(us\): \d+, Min\(us\): \d+, Max\(us\): \d+, 50th\(us\): \d+, 90th\(us\): \d+, 95th\(us\): \d+, 99th\(us\): \d+, 99\.9th\(us\): \d+, 99\.99th\(us\): \d+$", RegexOptions.Multiline), stdout);
        Assert.Matches(new Regex(@"^UPDATE - ", RegexOptions.Multiline), stdout);
        Assert.Matches(new Regex(@"^TOTAL  - Takes\(s\): [\d.]+, Count: 4000,", RegexOptions.Multiline), stdout);
        Assert.Contains("WA ", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        Assert.Equal("run", doc.RootElement[1].GetProperty("phase").GetString());
    }

    [Fact]
    public void Load_and_run_in_separate_invocations_share_a_persistent_database()
    {
        var db = Path.Combine(_dir, "db");
        var common = new[] { "--workload", RepoPaths.Workload("workloadc"), "-p", "recordcount=1000", "-p", "operationcount=1000", "--engine", "memory", "--engine-option", "durable=true", "--db", db };
        var (loadExit, _, loadErr) = Cli.WorkbenchProcessTests.Run(["ycsb", "load", .. common]);
        Assert.True(loadExit == 0, loadErr);
        var (runExit, stdout, runErr) = Cli.WorkbenchProcessTests.Run(["ycsb", "run", .. common]);
        Assert.True(runExit == 0, runErr);
        Assert.Contains("READ   - ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("NOT_FOUND", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_property_is_a_usage_error_naming_it()
    {
        var (exit, _, stderr) = Cli.WorkbenchProcessTests.Run("ycsb", "run", "--workload", RepoPaths.Workload("workloada"), "-p", "requestdistribution=pareto", "--engine", "memory");
        Assert.Equal(2, exit);
        Assert.Contains("requestdistribution", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_on_an_empty_store_without_load_is_an_error()
    {
        var (exit, stdout, stderr) = Cli.WorkbenchProcessTests.Run("ycsb", "run", "--workload", RepoPaths.Workload("workloadc"), "-p", "recordcount=100", "-p", "operationcount=100", "--engine", "memory");
        Assert.Equal(2, exit);
        Assert.Contains("--load", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("READ   - ", stdout, StringComparison.Ordinal);
        var db = Path.Combine(_dir, "empty");
        var (exit2, _, stderr2) = Cli.WorkbenchProcessTests.Run("ycsb", "run", "--workload", RepoPaths.Workload("workloadc"), "-p", "recordcount=100", "--engine", "memory", "--engine-option", "durable=true", "--db", db);
        Assert.Equal(2, exit2);
        Assert.Contains("is empty: load it first", stderr2, StringComparison.Ordinal);
    }
}
