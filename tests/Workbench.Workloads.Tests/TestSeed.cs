using System.Globalization;
using Xunit.Abstractions;

namespace Workbench.Workloads.Tests;

/// <summary>Seeds for randomized tests: fixed per test, overridable with WORKBENCH_SEED, always printed so a failure can be replayed.</summary>
internal static class TestSeed
{
    public static int Get(ITestOutputHelper output, int fallback)
    {
        var env = Environment.GetEnvironmentVariable("WORKBENCH_SEED");
        var seed = env is not null && int.TryParse(env, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : fallback;
        output.WriteLine($"seed {seed} (replay with WORKBENCH_SEED={seed})");
        return seed;
    }
}
