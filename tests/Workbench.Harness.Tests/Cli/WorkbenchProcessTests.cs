using System.Diagnostics;
using System.Text.Json;

namespace Workbench.Harness.Tests.Cli;

/// <summary>The `workbench` command run as a real process, as a user would.</summary>
public sealed class WorkbenchProcessTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-cli-" + Guid.NewGuid().ToString("N"));

    public WorkbenchProcessTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "workbench.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("workbench did not finish within 3 minutes");
        }
        return (p.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    [Fact]
    public void Bench_writes_json_with_the_documented_fields()
    {
        var json = Path.Combine(_dir, "out.json");
        var (exit, stdout, stderr) = Run("bench", "--engine", "memory", "--benchmarks", "fillrandom,readrandom", "--num", "100000", "--value-size", "100", "--json", json);
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("fillrandom   :", stdout, StringComparison.Ordinal);
        Assert.Contains("ops/sec", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(2, doc.RootElement.GetArrayLength());
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            foreach (var field in new[] { "engine", "benchmark", "num", "key_size", "value_size", "threads", "ops", "seconds", "ops_per_sec",
                         "user_bytes_written", "device_bytes_written", "write_amp", "space_amp", "disk_bytes", "latency_us", "engine_io" })
                Assert.True(r.TryGetProperty(field, out _), $"missing field {field}");
            foreach (var p in new[] { "p50", "p95", "p99", "p999", "max" })
                Assert.True(r.GetProperty("latency_us").GetProperty(p).GetDouble() >= 0);
            Assert.Equal(100000, r.GetProperty("ops").GetInt64());
        }
        Assert.Equal("fillrandom", doc.RootElement[0].GetProperty("benchmark").GetString());
        Assert.Equal(100000L * 116, doc.RootElement[0].GetProperty("user_bytes_written").GetInt64());
    }

    [Theory]
    [InlineData("unknown engine 'nosuch'", "bench", "--engine", "nosuch")]
    [InlineData("unknown option 'bogus'", "bench", "--engine", "memory", "--engine-option", "bogus=1")]
    [InlineData("option 'durable' expects true or false", "bench", "--engine", "memory", "--engine-option", "durable=maybe")]
    [InlineData("unknown benchmark 'fillrandum'", "bench", "--engine", "memory", "--benchmarks", "fillrandum")]
    [InlineData("unknown verb 'bnech'", "bnech")]
    public void Bad_input_exits_non_zero_naming_it(string expected, params string[] args)
    {
        var (exit, _, stderr) = Run(args);
        Assert.NotEqual(0, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_verbs_and_engines_lists_options()
    {
        var (exit, stdout, _) = Run("--help");
        Assert.Equal(0, exit);
        Assert.Contains("bench", stdout, StringComparison.Ordinal);
        var (exit2, engines, _) = Run("engines");
        Assert.Equal(0, exit2);
        Assert.Contains("durable", engines, StringComparison.Ordinal);
    }
}
