using Workbench.Harness.Statistics;
using Xunit.Abstractions;

namespace Workbench.Harness.Tests.Statistics;

public class MannWhitneyLargeSampleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(4000, 4000)]
    [InlineData(8000, 8000)]
    [InlineData(500, 4000)]
    public void Large_samples_give_a_finite_p_value(int n, int m)
    {
        var rng = new Random(TestSeed.Get(output, 17));
        var x = TestSeed.Normal(rng, n, 100, 30).Select(Math.Abs).ToArray();
        var y = TestSeed.Normal(rng, m, 103, 30).Select(Math.Abs).ToArray();
        var c = Estimators.Compare("t", "a", "b", x, y, higherIsBetter: true);
        output.WriteLine($"{c}");
        Assert.True(double.IsFinite(c.PValue), $"p = {c.PValue}");
    }
}

public class MannWhitneyNormalTests
{
    [Fact]
    public void Agrees_with_perfolizer_where_both_work()
    {
        var rng = new Random(3);
        var x = TestSeed.Normal(rng, 90, 10, 2);
        var y = TestSeed.Normal(rng, 90, 11, 2);
        var ours = MannWhitneyNormal.PValue(x, y, greater: false);
        var theirs = Perfolizer.Mathematics.SignificanceTesting.MannWhitney.MannWhitneyTest.Instance.PerformStrategy(
            new Perfolizer.Sample(x), new Perfolizer.Sample(y), Perfolizer.Mathematics.SignificanceTesting.Base.AlternativeHypothesis.Less,
            Perfolizer.Metrology.Threshold.Zero, Perfolizer.Mathematics.SignificanceTesting.MannWhitney.MannWhitneyStrategy.NormalApprox).PValue.Value;
        Assert.Equal(theirs, ours, 3);
        Assert.True(ours < 0.05);
    }

    [Fact]
    public void Standard_normal_tail_matches_tables()
    {
        Assert.Equal(0.5, MannWhitneyNormal.UpperTail(0), 6);
        Assert.Equal(0.025, MannWhitneyNormal.UpperTail(1.959964), 5);
        Assert.Equal(0.975, MannWhitneyNormal.UpperTail(-1.959964), 5);
    }

    [Fact]
    public void Identical_samples_are_not_significant()
    {
        var x = Enumerable.Range(0, 5000).Select(i => (double)(i % 17)).ToArray();
        Assert.True(MannWhitneyNormal.PValue(x, x, greater: true) > 0.4);
    }
}
