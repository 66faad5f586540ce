using Workbench.Cluster.Client;
using Workbench.Cluster.Store;
using Workbench.Cluster.Topology;
using Workbench.Storage.Registry;

namespace Workbench.Cluster.Tests.FlowControl;

/// <summary>The store's admission decisions (thresholds, discard ratio, stall detection) and the client's busy budget, on fake clocks.</summary>
public sealed class StoreFlowControlTests
{
    private sealed class FakeClock : IClusterClock
    {
        public long NowMs { get; set; }

        public Task Delay(int milliseconds)
        {
            NowMs += milliseconds;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public void Writes_above_the_pending_write_threshold_are_refused_as_scheduler_is_busy_until_answers_release_them()
    {
        var flow = new StoreFlowControl(new FlowControlOptions { SchedulerPendingWriteThreshold = 1000 }, () => 0);
        Assert.Null(flow.TryAdmit(600));
        Assert.Null(flow.TryAdmit(600)); // 600 pending: still below the threshold when it arrives
        Assert.Equal(1200, flow.PendingWriteBytes);
        var busy = flow.TryAdmit(10);
        Assert.NotNull(busy);
        Assert.Equal(StoreFlowControl.SchedulerBusyReason, busy.Reason);
        Assert.Equal(1200, flow.PendingWriteBytes); // a refused write is not charged
        flow.Release(600);
        Assert.Null(flow.TryAdmit(10));
        Assert.Equal(1, flow.Rejected.PendingWrites);
        Assert.Equal(3, flow.Admitted);
    }

    [Fact]
    public void Engine_pressure_refuses_writes_by_l0_files_memtables_and_a_share_rising_from_the_soft_to_the_hard_compaction_limit()
    {
        var flow = new StoreFlowControl(new FlowControlOptions { L0FilesThreshold = 20, MemtablesThreshold = 5, SoftPendingCompactionBytesLimit = 1000, HardPendingCompactionBytesLimit = 2000 }, () => 0);
        flow.Sample(new EnginePressure(0, 19, 4));
        Assert.Null(flow.TryAdmit(1));
        flow.Sample(new EnginePressure(0, 20, 0));
        Assert.Contains("L0 files", flow.TryAdmit(1)!.Reason, StringComparison.Ordinal);
        flow.Sample(new EnginePressure(0, 0, 5));
        Assert.Contains("memtables", flow.TryAdmit(1)!.Reason, StringComparison.Ordinal);
        // Halfway between the limits: every second write is refused (a counter, so a run replays).
        flow.Sample(new EnginePressure(1500, 0, 0));
        var refused = 0;
        for (var i = 0; i < 100; i++)
            if (flow.TryAdmit(1) is not null) refused++;
        Assert.Equal(50, refused);
        flow.Sample(new EnginePressure(2000, 0, 0));
        for (var i = 0; i < 10; i++) Assert.NotNull(flow.TryAdmit(1));
        flow.Sample(new EnginePressure(1000, 0, 0));
        Assert.Null(flow.TryAdmit(1));
        Assert.Equal(60, flow.Rejected.PendingCompaction);
    }

    [Fact]
    public void One_engine_write_running_past_engine_stall_ms_refuses_new_writes_and_its_end_admits_them_again()
    {
        long now = 1000;
        var flow = new StoreFlowControl(new FlowControlOptions { EngineStallMs = 500 }, () => now);
        Assert.Equal(-1, flow.EngineWriteRunningMs);
        flow.EngineWriteBegin();
        now += 499;
        Assert.Null(flow.TryAdmit(1));
        now += 1;
        Assert.Equal(500, flow.EngineWriteRunningMs);
        Assert.Contains("engine write stalled", flow.TryAdmit(1)!.Reason, StringComparison.Ordinal);
        flow.EngineWriteEnd();
        Assert.Null(flow.TryAdmit(1));
        Assert.Equal(1, flow.Rejected.EngineStall);
        // Off: everything is admitted (and still charged).
        var off = new StoreFlowControl(new FlowControlOptions { Enable = false, SchedulerPendingWriteThreshold = 1 }, () => 0);
        Assert.Null(off.TryAdmit(5));
        Assert.Null(off.TryAdmit(5));
        Assert.Equal(10, off.PendingWriteBytes);
    }

    [Fact]
    public async Task Server_busy_backoffs_sleep_outside_the_request_budget_within_their_own_as_client_go()
    {
        var clock = new FakeClock();
        var bo = new Backoffer(clock, new Random(5), maxSleepMs: 1000);
        // Ten busy backoffs (1–10 s each, equal jitter) pass a 1 s request budget.
        for (var i = 0; i < 10; i++) await bo.BackoffAsync(BackoffKind.ServerBusy, "busy");
        Assert.True(bo.ExcludedSleptMs >= 10_000, $"slept {bo.ExcludedSleptMs} ms");
        Assert.Equal(bo.ExcludedSleptMs, bo.TotalSleptMs);
        // The budget for everything else is untouched by them …
        await bo.BackoffAsync(BackoffKind.RegionMiss, "miss");
        // … and busy backoffs stop at their own budget (600 s).
        var e = await Assert.ThrowsAsync<ClusterException>(async () =>
        {
            for (var i = 0; i < 200; i++) await bo.BackoffAsync(BackoffKind.ServerBusy, "still busy");
        });
        Assert.Contains("tikvServerBusy", e.Message, StringComparison.Ordinal);
        Assert.True(bo.ExcludedSleptMs <= BackoffKind.ServerBusy.ExcludedBudgetMs);
        var budget = new Backoffer(clock, new Random(5), maxSleepMs: 100);
        await Assert.ThrowsAsync<ClusterException>(async () =>
        {
            for (var i = 0; i < 100; i++) await budget.BackoffAsync(BackoffKind.RegionMiss, "miss");
        });
    }

    [Fact]
    public void The_cluster_yaml_flow_control_section_sets_every_store_and_reports_bad_values_with_line_and_key()
    {
        var registry = new EngineRegistry().RegisterBuiltIns();
        const string nodes = """
            topology: in-process
            nodes:
              - { id: 1, address: 127.0.0.1:20160, engine: { name: memory } }
            replicas: 1

            """;
        var config = new ClusterConfigLoader(registry).Load(nodes + "flow_control: { scheduler_pending_write_threshold: 16MiB, l0_files_threshold: 8, memtables_threshold: 0, engine_stall_ms: 250, soft_pending_compaction_bytes_limit: 1GiB, hard_pending_compaction_bytes_limit: 4GiB }\n", "fc.yaml");
        var o = config.StoreOptions(1).FlowControl;
        Assert.True(o.Enable);
        Assert.Equal(16L << 20, o.SchedulerPendingWriteThreshold);
        Assert.Equal(8, o.L0FilesThreshold);
        Assert.Equal(0, o.MemtablesThreshold);
        Assert.Equal(250, o.EngineStallMs);
        Assert.Equal(1L << 30, o.SoftPendingCompactionBytesLimit);
        Assert.Equal(4L << 30, o.HardPendingCompactionBytesLimit);
        Assert.Equal(100L << 20, new ClusterConfigLoader(registry).Load(nodes, "d.yaml").StoreOptions(1).FlowControl.SchedulerPendingWriteThreshold);
        var e = Assert.Throws<ClusterConfigException>(() => new ClusterConfigLoader(registry).Load(nodes + "flow_control: { enable: maybe, l0_file_threshold: 3, soft_pending_compaction_bytes_limit: 2GiB, hard_pending_compaction_bytes_limit: 1GiB }\n", "bad.yaml"));
        Assert.Contains("bad.yaml:5", e.Message, StringComparison.Ordinal);
        Assert.Contains("flow_control.enable", e.Message, StringComparison.Ordinal);
        Assert.Contains("l0_file_threshold", e.Message, StringComparison.Ordinal);
        Assert.Contains("flow_control.soft_pending_compaction_bytes_limit", e.Message, StringComparison.Ordinal);
    }
}
