namespace Workbench.Harness.Tests;

/// <summary>Normally distributed samples for the statistics tests (Box–Muller over a seeded <see cref="Random"/>).</summary>
internal static class NormalSamples
{
    public static double[] Draw(Random rng, int n, double mean, double sd)
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
