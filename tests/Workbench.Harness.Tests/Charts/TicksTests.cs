using Workbench.Harness.Charts;

namespace Workbench.Harness.Tests.Charts;

public class TicksTests
{
    private static bool IsNiceStep(double step)
    {
        var mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step)));
        return new[] { 1.0, 2.0, 5.0, 10.0 }.Any(m => Math.Abs(mantissa - m) < 1e-9);
    }

    [Theory]
    [InlineData(0, 97)]
    [InlineData(0.1, 0.35)]
    [InlineData(-42, 1234)]
    [InlineData(123456, 123999)]
    [InlineData(5, 5)]
    public void Linear_ticks_are_evenly_spaced_nice_numbers_covering_the_range(double min, double max)
    {
        var t = Ticks.Linear(min, max);
        Assert.True(t.Count is >= 3 and <= 12, $"{t.Count} ticks");
        Assert.True(t[0] <= min && t[^1] >= max);
        var step = t[1] - t[0];
        Assert.True(IsNiceStep(step), $"step {step} is not 1, 2 or 5 x 10^k");
        for (var i = 1; i < t.Count; i++) Assert.Equal(step, t[i] - t[i - 1], 9);
    }

    [Fact]
    public void Linear_ticks_of_0_to_97_are_multiples_of_20()
    {
        Assert.Equal(new[] { 0.0, 20, 40, 60, 80, 100 }, Ticks.Linear(0, 97));
    }

    [Fact]
    public void Decimal_ticks_have_no_floating_point_noise()
    {
        foreach (var t in Ticks.Linear(0.1, 0.35))
            Assert.Equal(Math.Round(t, 6), t);
    }

    [Fact]
    public void Log_ticks_are_decades_over_wide_ranges()
    {
        Assert.Equal(new[] { 1.0, 10, 100, 1000, 10000 }, Ticks.Log(3, 4000));
    }

    [Fact]
    public void Log_ticks_add_2_and_5_over_narrow_ranges()
    {
        Assert.Equal(new[] { 10.0, 20, 50, 100, 200, 500, 1000 }, Ticks.Log(20, 300));
    }

    [Fact]
    public void Log_ticks_reject_non_positive_bounds() => Assert.Throws<ArgumentException>(() => Ticks.Log(0, 10));

    [Fact]
    public void Log_scale_puts_decades_at_equal_distances()
    {
        var s = Scale.Log(1, 1000, 0, 300);
        Assert.Equal(0, s.Map(1), 6);
        Assert.Equal(100, s.Map(10), 6);
        Assert.Equal(200, s.Map(100), 6);
        Assert.Equal(300, s.Map(1000), 6);
    }

    [Fact]
    public void Linear_scale_can_be_inverted_for_svg_y()
    {
        var s = Scale.Linear(0, 100, 400, 40, includeZero: true);
        Assert.Equal(400, s.Map(0), 6);
        Assert.Equal(40, s.Map(100), 6);
    }

    [Fact]
    public void Tick_labels_are_compact_and_invariant()
    {
        Assert.Equal("0", SvgFormat.Tick(0));
        Assert.Equal("2.5", SvgFormat.Tick(2.5));
        Assert.Equal("20k", SvgFormat.Tick(20000));
        Assert.Equal("1.5M", SvgFormat.Tick(1_500_000));
        Assert.Equal("1E-3", SvgFormat.Tick(0.001));
    }
}
