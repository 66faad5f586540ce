using Xunit.Abstractions;

namespace Workbench.Storage.BTree.Tests;

/// <summary>Seeds for randomized tests: WORKBENCH_SEED when set (replay), else fresh; always printed.</summary>
internal static class TestSeeds
{
    public static int Next(ITestOutputHelper output, string test)
    {
        var env = Environment.GetEnvironmentVariable("WORKBENCH_SEED");
        var seed = int.TryParse(env, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"{test}: seed {seed} (replay with WORKBENCH_SEED={seed})");
        return seed;
    }
}
