namespace Workbench.Linearizability.Tests;

public sealed class LinearizabilityCheckerTests
{
    private static Operation<KvModelInput, KvModelOutput> Op(int client, KvModelInput input, KvModelOutput output, long call, long ret) => new(client, input, output, call, ret);
    private static KvModelInput Put(string v) => new(KvModelOp.Put, "x", v);
    private static KvModelInput Get() => new(KvModelOp.Get, "x");
    private static KvModelInput Cas(string? expected, string v) => new(KvModelOp.Cas, "x", v, expected);
    private static KvModelOutput Ok => new(Succeeded: true);
    private static KvModelOutput Read(string? v) => new(Value: v);

    [Fact]
    public void Accepts_overlapping_operations_that_have_a_linearization()
    {
        // put(1) overlaps a read of 1 and a read of absent: absent-read linearizes before the put.
        var h = new[]
        {
            Op(0, Put("1"), Ok, 0, 10),
            Op(1, Get(), Read("1"), 2, 7),
            Op(2, Get(), Read(null), 1, 3),
            Op(1, Cas("1", "2"), new KvModelOutput(Succeeded: true), 11, 12),
            Op(2, Get(), Read("2"), 13, 14),
        };
        Assert.Equal(CheckOutcome.Linearizable, LinearizabilityChecker.Check(new KvModel(), h).Outcome);
    }

    [Fact]
    public void Rejects_a_stale_read_after_a_completed_write()
    {
        var h = new[]
        {
            Op(0, Put("1"), Ok, 0, 10),
            Op(0, Put("2"), Ok, 11, 20),
            Op(1, Get(), Read("1"), 21, 30), // "2" was written before this read began
        };
        var r = LinearizabilityChecker.Check(new KvModel(), h);
        Assert.Equal(CheckOutcome.NotLinearizable, r.Outcome);
        Assert.Contains("no linearization of 3 operations", r.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_lost_update_where_two_cas_from_the_same_value_both_succeed()
    {
        var h = new[]
        {
            Op(0, Put("0"), Ok, 0, 1),
            Op(1, Cas("0", "a"), new KvModelOutput(Succeeded: true), 2, 10),
            Op(2, Cas("0", "b"), new KvModelOutput(Succeeded: true), 3, 11),
        };
        Assert.Equal(CheckOutcome.NotLinearizable, LinearizabilityChecker.Check(new KvModel(), h).Outcome);
    }

    [Fact]
    public void Rejects_values_that_read_in_an_impossible_order_by_two_readers()
    {
        // Reader 1 sees 2 then 1 while the writes were sequential: 1 then 2.
        var h = new[]
        {
            Op(0, Put("1"), Ok, 0, 5),
            Op(0, Put("2"), Ok, 6, 100),
            Op(1, Get(), Read("2"), 10, 20),
            Op(1, Get(), Read("1"), 21, 30),
        };
        Assert.Equal(CheckOutcome.NotLinearizable, LinearizabilityChecker.Check(new KvModel(), h).Outcome);
    }

    [Fact]
    public void Operations_with_unknown_outcome_may_or_may_not_have_happened()
    {
        var took = new[]
        {
            Op(0, Put("1"), KvModelOutput.Indeterminate, 0, long.MaxValue),
            Op(1, Get(), Read("1"), 5, 6),
        };
        var didNot = new[]
        {
            Op(0, Put("1"), KvModelOutput.Indeterminate, 0, long.MaxValue),
            Op(1, Get(), Read(null), 5, 6),
            Op(1, Get(), Read(null), 7, 8),
        };
        Assert.Equal(CheckOutcome.Linearizable, LinearizabilityChecker.Check(new KvModel(), took).Outcome);
        Assert.Equal(CheckOutcome.Linearizable, LinearizabilityChecker.Check(new KvModel(), didNot).Outcome);
        // But once it was seen, it cannot un-happen.
        var flicker = new[]
        {
            Op(0, Put("1"), KvModelOutput.Indeterminate, 0, long.MaxValue),
            Op(1, Get(), Read("1"), 5, 6),
            Op(1, Get(), Read(null), 7, 8),
        };
        Assert.Equal(CheckOutcome.NotLinearizable, LinearizabilityChecker.Check(new KvModel(), flicker).Outcome);
    }

    [Fact]
    public void Keys_are_checked_independently()
    {
        var h = new[]
        {
            Op(0, new KvModelInput(KvModelOp.Put, "a", "1"), Ok, 0, 1),
            Op(0, new KvModelInput(KvModelOp.Get, "b"), Read(null), 2, 3),
            Op(0, new KvModelInput(KvModelOp.Get, "a"), Read("1"), 4, 5),
        };
        Assert.Equal(CheckOutcome.Linearizable, LinearizabilityChecker.Check(new KvModel(), h).Outcome);
    }
}
