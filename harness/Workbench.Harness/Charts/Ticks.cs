namespace Workbench.Harness.Charts;

/// <summary>
/// Axis ticks. Linear: Heckbert's "nice numbers" (steps of 1, 2 or 5 × 10^k) covering the data range.
/// Logarithmic: powers of ten, plus 2 and 5 multiples when the range spans fewer than three decades.
/// Pure functions.
/// </summary>
public static class Ticks
{
    /// <summary>Nice ticks; the first is ≤ min and the last ≥ max (so the axis can span them).</summary>
    public static IReadOnlyList<double> Linear(double min, double max, int target = 6)
    {
        if (double.IsNaN(min) || double.IsNaN(max) || double.IsInfinity(min) || double.IsInfinity(max))
            throw new ArgumentException($"tick range must be finite, got [{min}, {max}]");
        if (max < min) (min, max) = (max, min);
        if (max == min)
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        var range = NiceNumber(max - min, false);
        var step = NiceNumber(range / Math.Max(1, target - 1), true);
        var start = Math.Floor(min / step) * step;
        var end = Math.Ceiling(max / step) * step;
        var decimals = Math.Clamp(-(int)Math.Floor(Math.Log10(step)), 0, 15);
        var ticks = new List<double>();
        for (var i = 0; ; i++)
        {
            var t = start + i * step;
            // Snap values like 0.30000000000000004 to the decimal the step implies.
            t = Math.Round(t, decimals);
            if (Math.Abs(t) < step * 1e-9) t = 0;
            ticks.Add(t);
            if (t >= end - step * 1e-9) break;
        }
        return ticks;
    }

    /// <summary>Heckbert's nice number: 1, 2, 5 or 10 × 10^k near <paramref name="x"/>.</summary>
    public static double NiceNumber(double x, bool round)
    {
        if (x <= 0) return 1;
        var exp = Math.Floor(Math.Log10(x));
        var f = x / Math.Pow(10, exp);
        double nf = round
            ? f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10
            : f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return nf * Math.Pow(10, exp);
    }

    /// <summary>Log ticks spanning [min, max] (both &gt; 0): decades from 10^floor to 10^ceil.</summary>
    public static IReadOnlyList<double> Log(double min, double max)
    {
        if (!(min > 0) || !(max > 0)) throw new ArgumentException($"a log axis needs positive bounds, got [{min}, {max}]");
        if (max < min) (min, max) = (max, min);
        var lo = (int)Math.Floor(Math.Log10(min) + 1e-9);
        var hi = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (hi == lo) hi++;
        var ticks = new List<double>();
        var withMinor = hi - lo < 3;
        for (var e = lo; e <= hi; e++)
        {
            var p = Math.Pow(10, e);
            ticks.Add(p);
            if (withMinor && e < hi)
            {
                ticks.Add(2 * p);
                ticks.Add(5 * p);
            }
        }
        return ticks;
    }
}
