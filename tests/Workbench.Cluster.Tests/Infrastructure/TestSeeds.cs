using System.Globalization;
using Xunit.Abstractions;

namespace Workbench.Cluster.Tests.Infrastructure;

/// <summary>Seeds of randomized tests: printed, and overridable with WORKBENCH_SEED to replay a failure.</summary>
public static class TestSeeds
{
    public static int Resolve(int defaultSeed, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var env = Environment.GetEnvironmentVariable("WORKBENCH_SEED");
        var seed = string.IsNullOrEmpty(env) ? defaultSeed : int.Parse(env, CultureInfo.InvariantCulture);
        output.WriteLine($"seed={seed} (replay: WORKBENCH_SEED={seed})");
        return seed;
    }
}
