namespace Workbench.Harness.Charts;

/// <summary>Maps data values to pixels along one axis, linearly or logarithmically. Immutable.</summary>
public sealed class Scale
{
    private Scale(double domainMin, double domainMax, double pixelMin, double pixelMax, bool log, IReadOnlyList<double> ticks)
    {
        DomainMin = domainMin;
        DomainMax = domainMax;
        PixelMin = pixelMin;
        PixelMax = pixelMax;
        IsLog = log;
        TickValues = ticks;
    }

    public double DomainMin { get; }
    public double DomainMax { get; }
    public double PixelMin { get; }
    public double PixelMax { get; }
    public bool IsLog { get; }
    public IReadOnlyList<double> TickValues { get; }

    /// <summary>A linear scale over nice ticks covering [min, max] (optionally forced to include zero, as bars need).</summary>
    public static Scale Linear(double min, double max, double pixelMin, double pixelMax, bool includeZero)
    {
        if (includeZero)
        {
            min = Math.Min(min, 0);
            max = Math.Max(max, 0);
        }
        var ticks = Ticks.Linear(min, max);
        return new Scale(ticks[0], ticks[^1], pixelMin, pixelMax, false, ticks);
    }

    /// <summary>A log10 scale over whole decades covering [min, max]; non-positive data must be filtered by the caller.</summary>
    public static Scale Log(double min, double max, double pixelMin, double pixelMax)
    {
        var ticks = Ticks.Log(min, max);
        return new Scale(ticks[0], ticks[^1], pixelMin, pixelMax, true, ticks);
    }

    public double Map(double value)
    {
        double t;
        if (IsLog)
        {
            var v = Math.Max(value, DomainMin);
            t = (Math.Log10(v) - Math.Log10(DomainMin)) / (Math.Log10(DomainMax) - Math.Log10(DomainMin));
        }
        else
        {
            t = (value - DomainMin) / (DomainMax - DomainMin);
        }
        return PixelMin + t * (PixelMax - PixelMin);
    }
}
