using Workbench.Harness.Matrix;
using Workbench.Harness.Results;

namespace Workbench.Harness.Tests.Matrix;

public sealed class ExplainedSharesTests
{
    private static CellResult Cell(string id, params PhaseResult[] phases) =>
        new() { CellId = id, Engine = "lsm", EngineLabel = "lsm", Workload = "w", WorkloadKind = "ycsb", Phases = [.. phases] };

    [Fact]
    public void Every_cell_is_listed_with_its_share_or_why_it_has_none_and_the_lowest_is_named()
    {
        var text = ExplainedShares.Format([
            Cell("a/v1/t1/lsm/r0", new PhaseResult { Phase = "load", DeviceBytesWritten = 100, ExplainedShare = 0.99 }, new PhaseResult { Phase = "run", DeviceBytesWritten = 100, ExplainedShare = 0.80 }),
            Cell("b/v1/t1/innodb/r0", new PhaseResult { Phase = "run" }),
            Cell("c/v1/t1/lsm/r0", new PhaseResult { Phase = "run", DeviceBytesWritten = 5 }),
            new CellResult { CellId = "d", Status = "failed", Engine = "lsm", EngineLabel = "lsm", Workload = "w", WorkloadKind = "ycsb" },
        ]);
        Assert.Contains("a/v1/t1/lsm/r0: load 99.0%, run 80.0% (below goal)", text, StringComparison.Ordinal);
        Assert.Contains("b/v1/t1/innodb/r0: run — (no device bytes measured)", text, StringComparison.Ordinal);
        Assert.Contains("c/v1/t1/lsm/r0: run — (device bytes not attributed)", text, StringComparison.Ordinal);
        Assert.Contains("d: failed", text, StringComparison.Ordinal);
        Assert.Contains("lowest: 80.0% (a/v1/t1/lsm/r0 run); 1 phase(s) below 95%", text, StringComparison.Ordinal);
    }
}
