using System.Globalization;
using Xunit.Abstractions;

namespace Workbench.Harness.Tests;

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

    public static double[] Normal(Random rng, int n, double mean, double sd)
    {
        var a = new double[n];
        for (var i = 0; i < n; i++)
        {
            // Box–Muller.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            a[i] = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }
        return a;
    }
}
