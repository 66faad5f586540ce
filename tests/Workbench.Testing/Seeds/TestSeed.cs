using System.Globalization;
using Xunit.Abstractions;

namespace Workbench.Testing.Seeds;

/// <summary>
/// The one seed helper of the randomized tests. <c>WORKBENCH_SEED</c>, when set, wins (replay);
/// otherwise a test either draws a fresh seed (<see cref="Fresh"/>) or keeps the fixed one it chose
/// deliberately (<see cref="Fixed"/>). The seed is printed before the test uses it, so every outcome,
/// not only a failed assertion, names the seed that replays it.
/// </summary>
public static class TestSeed
{
    /// <summary>The environment variable that replays a seed.</summary>
    public const string Variable = "WORKBENCH_SEED";

    /// <summary>The seed from <see cref="Variable"/>, or null when unset; a value that is not an integer is one clear error.</summary>
    public static int? FromEnvironment()
    {
        var env = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(env)) return null;
        if (!int.TryParse(env, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            throw new InvalidOperationException($"{Variable}='{env}' is not an integer seed");
        return seed;
    }

    /// <summary>A fresh seed (or <see cref="Variable"/>), printed to <paramref name="output"/> (the console when null), prefixed by <paramref name="label"/>.</summary>
    public static int Fresh(ITestOutputHelper? output, string? label = null) => Print(FromEnvironment() ?? Random.Shared.Next(), output, label);

    /// <summary>The test's deliberately fixed <paramref name="fallback"/> (or <see cref="Variable"/>), printed like <see cref="Fresh"/>.</summary>
    public static int Fixed(ITestOutputHelper? output, int fallback, string? label = null) => Print(FromEnvironment() ?? fallback, output, label);

    /// <summary>
    /// The seeds of a test that runs several: <see cref="Variable"/> alone when set, else
    /// <paramref name="defaultCount"/> (or the count in <paramref name="countVariable"/>) seeds from <paramref name="first"/>.
    /// Each seed is printed by the test as it runs it.
    /// </summary>
    public static IEnumerable<int> Range(int first, int defaultCount, string? countVariable = null)
    {
        if (FromEnvironment() is { } one) return [one];
        var n = countVariable is null ? null : Environment.GetEnvironmentVariable(countVariable);
        var count = defaultCount;
        if (!string.IsNullOrEmpty(n) && !int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out count))
            throw new InvalidOperationException($"{countVariable}='{n}' is not a count of seeds");
        return Enumerable.Range(first, count);
    }

    /// <summary>The line that names a seed and how to replay it.</summary>
    public static string Describe(int seed) => $"seed {seed} (replay with {Variable}={seed})";

    private static int Print(int seed, ITestOutputHelper? output, string? label)
    {
        var line = label is null ? Describe(seed) : $"{label}: {Describe(seed)}";
        if (output is not null) output.WriteLine(line);
        else Console.WriteLine(line);
        return seed;
    }
}
