using BenchmarkDotNet.Running;

namespace Workbench.Benchmarks;

/// <summary>
/// Entry point: `dotnet run -c Release --project harness/Workbench.Benchmarks -- --filter '*Histogram*'`
/// (BenchmarkSwitcher lists the benchmarks when run without a filter). See README.md.
/// </summary>
public static class Program
{
    /// <summary>Hands the command line to BenchmarkDotNet's switcher (--filter, --job, --list).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
