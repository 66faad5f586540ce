namespace Workbench.Harness.Statistics;

/// <summary>A Harrell–Davis median with its confidence interval (NaN bounds when the sample is too small for one).</summary>
internal sealed record MedianEstimate(double Median, double Lower, double Upper, int SampleSize, double ConfidenceLevel)
{
    public bool HasInterval => double.IsFinite(Lower) && double.IsFinite(Upper);
}
