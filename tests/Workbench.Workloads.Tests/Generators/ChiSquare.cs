namespace Workbench.Workloads.Tests.Generators;

internal static class ChiSquare
{
    /// <summary>χ² critical value for 9 degrees of freedom at p = 0.001.</summary>
    public const double Critical9Df001 = 27.877;

    public static double Uniform(int[] observed)
    {
        double total = 0;
        foreach (var o in observed) total += o;
        var expected = total / observed.Length;
        double chi = 0;
        foreach (var o in observed) chi += (o - expected) * (o - expected) / expected;
        return chi;
    }
}
