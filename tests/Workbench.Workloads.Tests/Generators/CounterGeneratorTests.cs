using Workbench.Workloads.Generators;

namespace Workbench.Workloads.Tests.Generators;

public class CounterGeneratorTests
{
    [Fact]
    public void Counter_hands_out_consecutive_values()
    {
        var c = new CounterGenerator(5);
        Assert.Equal(4, c.Last);
        Assert.Equal(5, c.Next());
        Assert.Equal(6, c.Next());
        Assert.Equal(6, c.Last);
    }

    [Fact]
    public void Acknowledged_counter_advances_only_over_a_contiguous_acknowledged_prefix()
    {
        var c = new AcknowledgedCounterGenerator(1);
        Assert.Equal(0, c.Last);
        var a = c.Next();
        var b = c.Next();
        var d = c.Next();
        Assert.Equal((1L, 2L, 3L), (a, b, d));
        c.Acknowledge(2);
        Assert.Equal(0, c.Last);
        c.Acknowledge(1);
        Assert.Equal(2, c.Last);
        c.Acknowledge(3);
        Assert.Equal(3, c.Last);
    }

    [Fact]
    public void Acknowledged_counter_is_consistent_under_concurrent_inserts()
    {
        var c = new AcknowledgedCounterGenerator(0);
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 20_000; i++) c.Acknowledge(c.Next());
        });
        // Every value was acknowledged, but the last acknowledgement may have lost the try-lock race;
        // one more acknowledged value from a single thread then sweeps the whole prefix.
        c.Acknowledge(c.Next());
        Assert.Equal(80_000, c.Last);
    }

    [Fact]
    public void Acknowledging_a_value_twice_within_the_window_is_an_error()
    {
        var c = new AcknowledgedCounterGenerator(0);
        c.Next();
        c.Next();
        c.Acknowledge(1); // slot 1 stays set: 0 is not acknowledged yet
        Assert.Throws<InvalidOperationException>(() => c.Acknowledge(1 + AcknowledgedCounterGenerator.WindowSize));
    }
}
