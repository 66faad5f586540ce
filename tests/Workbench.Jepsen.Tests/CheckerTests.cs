using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.History;

namespace Workbench.Jepsen.Tests;

/// <summary>Every checker on hand-made histories: a valid one, and ones with a known anomaly it must report.</summary>
public class CheckerTests
{
    [Fact]
    public void Register_checker_accepts_a_linearizable_history_and_rejects_a_stale_read()
    {
        var ok = new H()
            .Op(0, "write", """{"key":"a","value":"1"}""", """{"key":"a","value":"1"}""")
            .Op(1, "read", """{"key":"a","value":null}""", """{"key":"a","value":"1"}""")
            .Op(0, "cas", """{"key":"a","from":"1","to":"2"}""", """{"key":"a","from":"1","to":"2"}""")
            .Invoke(1, "cas", """{"key":"a","from":"1","to":"3"}""").Fail(1, "cas", null, "mismatch")
            .Op(1, "read", """{"key":"a","value":null}""", """{"key":"a","value":"2"}""");
        Assert.Equal(VerdictKind.Valid, new RegisterChecker().Check(ok.Events).Verdict);

        var stale = new H()
            .Op(0, "write", """{"key":"a","value":"1"}""", """{"key":"a","value":"1"}""")
            .Op(0, "write", """{"key":"a","value":"2"}""", """{"key":"a","value":"2"}""")
            .Op(1, "read", """{"key":"a","value":null}""", """{"key":"a","value":"1"}""");
        var v = new RegisterChecker().Check(stale.Events);
        Assert.Equal(VerdictKind.Invalid, v.Verdict);
        Assert.Contains("no linearization of 3 operations", v.Detail);
    }

    [Fact]
    public void Register_checker_lets_an_unknown_write_take_effect_late_but_not_a_failed_one()
    {
        var late = new H()
            .Invoke(0, "write", """{"key":"a","value":"7"}""").Info(0, "write", null)
            .Op(1, "read", """{"key":"a","value":null}""", """{"key":"a","value":null}""")
            .Op(1, "read", """{"key":"a","value":null}""", """{"key":"a","value":"7"}""");
        Assert.Equal(VerdictKind.Valid, new RegisterChecker().Check(late.Events).Verdict);

        var failed = new H()
            .Invoke(0, "write", """{"key":"a","value":"7"}""").Fail(0, "write", null)
            .Op(1, "read", """{"key":"a","value":null}""", """{"key":"a","value":"7"}""");
        Assert.Equal(VerdictKind.Invalid, new RegisterChecker().Check(failed.Events).Verdict);

        var casMismatch = new H()
            .Op(0, "write", """{"key":"a","value":"1"}""", """{"key":"a","value":"1"}""")
            .Invoke(1, "cas", """{"key":"a","from":"1","to":"3"}""").Fail(1, "cas", null, "mismatch");
        Assert.Equal(VerdictKind.Invalid, new RegisterChecker().Check(casMismatch.Events).Verdict);
    }

    [Fact]
    public void Set_checker_reports_lost_unexpected_and_recovered()
    {
        var h = new H()
            .Op(0, "add", "1", "1")
            .Op(1, "add", "2", "2")
            .Invoke(2, "add", "3").Info(2, "add", "3")
            .Invoke(3, "add", "4").Fail(3, "add", "4")
            .Op(9, "read", null, "[1,2,3]");
        var v = new SetChecker().Check(h.Events);
        Assert.Equal(VerdictKind.Valid, v.Verdict);
        Assert.Equal(1, v.Counts["recovered"]);

        var lost = new H().Op(0, "add", "1", "1").Op(1, "add", "2", "2").Op(9, "read", null, "[2,5]");
        v = new SetChecker().Check(lost.Events);
        Assert.Equal(VerdictKind.Invalid, v.Verdict);
        Assert.Equal(1, v.Counts["lost"]);
        Assert.Equal(1, v.Counts["unexpected"]);
        Assert.Contains("lost 1: 1", v.Detail);

        Assert.Equal(VerdictKind.Unknown, new SetChecker().Check(new H().Op(0, "add", "1", "1").Events).Verdict);
    }

    [Fact]
    public void Bank_checker_rejects_a_wrong_total_and_a_negative_balance()
    {
        var good = new H().Op(0, "read", null, "[50,50]").Op(1, "transfer", """{"from":0,"to":1,"amount":5}""", """{"from":0,"to":1,"amount":5}""").Op(0, "read", null, "[45,55]");
        Assert.Equal(VerdictKind.Valid, new BankChecker(2, 100).Check(good.Events).Verdict);

        var skew = new H().Op(0, "read", null, "[50,50]").Op(0, "read", null, "[45,50]");
        var v = new BankChecker(2, 100).Check(skew.Events);
        Assert.Equal(VerdictKind.Invalid, v.Verdict);
        Assert.Contains("total 95", v.Detail);
        Assert.Contains("event 2", v.Detail);

        var negative = new H().Op(0, "read", null, "[-5,105]");
        Assert.Contains("negative", new BankChecker(2, 100).Check(negative.Events).Detail);
        var missing = new H().Op(0, "read", null, "[100,null]");
        Assert.Equal(VerdictKind.Invalid, new BankChecker(2, 100).Check(missing.Events).Verdict);
    }

    [Fact]
    public void Append_checker_accepts_serial_history_and_finds_g_single_g1a_g1c_and_g0()
    {
        var serial = new H()
            .Op(0, "txn", """[["append",1,1]]""", """[["append",1,1]]""")
            .Op(1, "txn", """[["r",1,null],["append",1,2]]""", """[["r",1,[1]],["append",1,2]]""")
            .Op(0, "txn", """[["r",1,null]]""", """[["r",1,[1,2]]]""");
        Assert.Equal(VerdictKind.Valid, new AppendChecker().Check(serial.Events).Verdict);

        // Read skew: T2 sees x's new value but y's old one, while T1 wrote both.
        var gsingle = new H()
            .Op(0, "txn", """[["append",1,1],["append",2,1]]""", """[["append",1,1],["append",2,1]]""")
            .Op(0, "txn", """[["append",1,2],["append",2,2]]""", """[["append",1,2],["append",2,2]]""")
            .Op(1, "txn", """[["r",1,null],["r",2,null]]""", """[["r",1,[1,2]],["r",2,[1]]]""")
            .Op(1, "txn", """[["r",2,null]]""", """[["r",2,[1,2]]]""");
        var v = new AppendChecker().Check(gsingle.Events);
        Assert.Equal(VerdictKind.Invalid, v.Verdict);
        Assert.Contains("GSingle", v.Detail);

        var g1a = new H()
            .Invoke(0, "txn", """[["append",1,1]]""").Fail(0, "txn", null)
            .Op(1, "txn", """[["r",1,null]]""", """[["r",1,[1]]]""");
        Assert.Contains("G1a", new AppendChecker().Check(g1a.Events).Detail);

        // Circular information flow: each of two transactions read the other's append.
        var g1c = new H()
            .Op(0, "txn", """[["append",1,1],["r",2,null]]""", """[["append",1,1],["r",2,[1]]]""")
            .Op(1, "txn", """[["append",2,1],["r",1,null]]""", """[["append",2,1],["r",1,[1]]]""");
        Assert.Contains("G1c", new AppendChecker().Check(g1c.Events).Detail);

        // Write cycle: the two keys' version orders put T1 and T2 in opposite orders.
        var g0 = new H()
            .Op(0, "txn", """[["append",1,1],["append",2,2]]""", """[["append",1,1],["append",2,2]]""")
            .Op(1, "txn", """[["append",1,2],["append",2,1]]""", """[["append",1,2],["append",2,1]]""")
            .Op(2, "txn", """[["r",1,null],["r",2,null]]""", """[["r",1,[1,2]],["r",2,[1,2]]]""");
        Assert.Contains("G0", new AppendChecker().Check(g0.Events).Detail);
    }

    [Fact]
    public void Append_checker_allows_write_skew_under_snapshot_isolation()
    {
        // T1 reads x and appends to y; T2 reads y and appends to x; neither saw the other: G2.
        var skew = new H()
            .Op(0, "txn", """[["r",1,null],["append",2,1]]""", """[["r",1,[]],["append",2,1]]""")
            .Op(1, "txn", """[["r",2,null],["append",1,1]]""", """[["r",2,[]],["append",1,1]]""")
            .Op(2, "txn", """[["r",1,null],["r",2,null]]""", """[["r",1,[1]],["r",2,[1]]]""");
        var v = new AppendChecker().Check(skew.Events);
        Assert.Equal(VerdictKind.Valid, v.Verdict);
        Assert.Equal(1, v.Counts["G2"]);
    }

    [Fact]
    public void Long_fork_checker_finds_two_reads_that_disagree_on_the_order()
    {
        var ok = new H()
            .Op(0, "insert", "0", "0").Op(1, "insert", "1", "1")
            .Op(2, "read", """{"group":0,"present":null}""", """{"group":0,"present":[0]}""")
            .Op(3, "read", """{"group":0,"present":null}""", """{"group":0,"present":[0,1]}""");
        Assert.Equal(VerdictKind.Valid, new LongForkChecker().Check(ok.Events).Verdict);

        var fork = new H()
            .Op(0, "insert", "0", "0").Op(1, "insert", "1", "1")
            .Op(2, "read", """{"group":0,"present":null}""", """{"group":0,"present":[0]}""")
            .Op(3, "read", """{"group":0,"present":null}""", """{"group":0,"present":[1]}""");
        var v = new LongForkChecker().Check(fork.Events);
        Assert.Equal(VerdictKind.Invalid, v.Verdict);
        Assert.Contains("saw key 0 but not 1", v.Detail);
    }

    [Fact]
    public void History_round_trips_through_json_lines()
    {
        var h = new H().Op(0, "txn", """[["append",1,1]]""", """[["append",1,1]]""").Invoke(HistoryEvent.NemesisProcess, "start-kill", null).Info(HistoryEvent.NemesisProcess, "start-kill", "\"killed store 3\"").Invoke(1, "add", "5").Info(1, "add", "5");
        var path = Path.Combine(Path.GetTempPath(), "wb-jepsen-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            HistoryFile.Write(path, h.Events);
            var back = HistoryFile.Read(path);
            Assert.Equal(h.Events.Select(HistoryFile.ToLine), back.Select(HistoryFile.ToLine));
            Assert.Contains("\"process\":\"nemesis\"", File.ReadAllText(path));
            File.AppendAllText(path, "{\"index\":9}\n");
            var e = Assert.Throws<FormatException>(() => HistoryFile.Read(path));
            Assert.Contains(":7:", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Pairing_rejects_a_completion_without_an_invocation_and_treats_a_dangling_invoke_as_info()
    {
        Assert.Throws<FormatException>(() => OperationPairs.Pair(new H().Ok(0, "read", null).Events));
        var ops = OperationPairs.Pair(new H().Invoke(0, "add", "1").Events);
        Assert.Equal(HistoryEventType.Info, Assert.Single(ops).Outcome);
    }
}
