using Workbench.Linearizability.ListAppend;
using static Workbench.Linearizability.ListAppend.MicroOp;

namespace Workbench.Linearizability.Tests;

/// <summary>Hand-made histories with known anomalies, so the checker is shown to fail when it must.</summary>
public class ListAppendCheckerTests
{
    private static AppendTxn T(int id, params MicroOp[] ops) => new(id, TxnOutcome.Committed, ops);

    [Fact]
    public void Serial_history_has_no_anomalies()
    {
        var h = new[]
        {
            T(1, Append(1, 1), Append(2, 1)),
            T(2, Read(1, [1]), Append(1, 2)),
            T(3, Read(1, [1, 2]), Read(2, [1])),
        };
        var r = ListAppendChecker.Check(h);
        Assert.True(r.IsSerializable, r.ToString());
    }

    [Fact]
    public void Write_cycle_is_G0()
    {
        // x's order says 1 before 2; y's order says 2 before 1.
        var h = new[]
        {
            T(1, Append(1, 1), Append(2, 1)),
            T(2, Append(1, 2), Append(2, 2)),
            T(3, Read(1, [1, 2]), Read(2, [2, 1])),
        };
        var r = ListAppendChecker.Check(h);
        Assert.True(r.Has(AnomalyKind.G0), r.ToString());
        Assert.False(r.IsSnapshotIsolation);
    }

    [Fact]
    public void Circular_information_flow_is_G1c()
    {
        var h = new[]
        {
            T(1, Append(1, 1), Read(2, [2])),
            T(2, Append(2, 2), Read(1, [1])),
        };
        var r = ListAppendChecker.Check(h);
        Assert.True(r.Has(AnomalyKind.G1c), r.ToString());
        Assert.False(r.Has(AnomalyKind.G0));
    }

    [Fact]
    public void Read_skew_is_G_single()
    {
        // T1 misses T2's append to x but sees its append to y.
        var h = new[]
        {
            T(1, Read(1, []), Read(2, [1])),
            T(2, Append(1, 1), Append(2, 1)),
            T(3, Read(1, [1])),
        };
        var r = ListAppendChecker.Check(h);
        Assert.True(r.Has(AnomalyKind.GSingle), r.ToString());
        Assert.False(r.IsSnapshotIsolation);
    }

    [Fact]
    public void Write_skew_is_G2_and_allowed_by_snapshot_isolation()
    {
        var h = new[]
        {
            T(1, Read(1, []), Append(2, 1)),
            T(2, Read(2, []), Append(1, 1)),
            T(3, Read(1, [1]), Read(2, [1])),
        };
        var r = ListAppendChecker.Check(h);
        Assert.True(r.Has(AnomalyKind.G2), r.ToString());
        Assert.False(r.Has(AnomalyKind.GSingle));
        Assert.True(r.IsSnapshotIsolation);
        Assert.False(r.IsSerializable);
    }

    [Fact]
    public void Aborted_and_intermediate_reads_are_G1a_and_G1b()
    {
        var h = new[]
        {
            new AppendTxn(1, TxnOutcome.Aborted, [Append(1, 1)]),
            T(2, Read(1, [1])),
            T(3, Append(2, 1), Append(2, 2)),
            T(4, Read(2, [1])),
            T(5, Read(2, [1, 2])),
        };
        var r = ListAppendChecker.Check(h);
        Assert.True(r.Has(AnomalyKind.G1a), r.ToString());
        Assert.True(r.Has(AnomalyKind.G1b), r.ToString());
    }

    [Fact]
    public void Divergent_reads_are_an_incompatible_order()
    {
        var h = new[]
        {
            T(1, Append(1, 1)),
            T(2, Append(1, 2)),
            T(3, Read(1, [1, 2])),
            T(4, Read(1, [2, 1])),
        };
        Assert.True(ListAppendChecker.Check(h).Has(AnomalyKind.IncompatibleOrder));
    }

    [Fact]
    public void Unknown_transaction_counts_only_when_observed()
    {
        var h = new[]
        {
            new AppendTxn(1, TxnOutcome.Unknown, [Append(1, 1), Read(2, [2])]),
            T(2, Append(2, 2), Read(1, [1])),
        };
        Assert.True(ListAppendChecker.Check(h).Has(AnomalyKind.G1c));
        var unseen = new[]
        {
            new AppendTxn(1, TxnOutcome.Unknown, [Append(1, 1), Read(2, [2])]),
            T(2, Append(2, 2), Read(1, [])),
        };
        Assert.True(ListAppendChecker.Check(unseen).IsSerializable);
    }

    [Fact]
    public void Own_appends_at_the_end_of_a_read_add_no_self_edges()
    {
        var h = new[]
        {
            T(1, Append(1, 1)),
            T(2, Append(1, 2), Read(1, [1, 2]), Append(1, 3)),
            T(3, Read(1, [1, 2, 3])),
        };
        Assert.True(ListAppendChecker.Check(h).IsSerializable);
    }
}
