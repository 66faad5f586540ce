using Workbench.Jepsen.Checkers;
using Workbench.Jepsen.History;
using Workbench.Jepsen.Nemeses;
using Workbench.Jepsen.Runs;
using Workbench.Storage.Registry;
using Xunit.Abstractions;

namespace Workbench.Jepsen.Tests;

/// <summary>
/// Whole runs: the CI-sized sweep (every workload × a fault mix × lsm, titan, btree, rocksdb;
/// raw workloads on the simulated topology, txn workloads on the local one), replay of a
/// simulated run from its seed, and the deliberately broken blind-retry client being caught.
/// WORKBENCH_JEPSEN_SEEDS=N runs N seeds per cell; WORKBENCH_SEED=S only seed S.
/// </summary>
public class RunTests(ITestOutputHelper output)
{
    private static readonly EngineRegistry Registry = TestEngines.Registry();

    public static TheoryData<string, string> RawCells()
    {
        var d = new TheoryData<string, string>();
        foreach (var w in JepsenOptions.RawWorkloads)
            foreach (var e in new[] { "lsm", "titan", "btree" })
                d.Add(w, e);
        return d;
    }

    public static TheoryData<string, string> TxnCells()
    {
        var d = new TheoryData<string, string>();
        foreach (var w in JepsenOptions.TxnWorkloads)
            foreach (var e in new[] { "lsm", "titan", "btree", "rocksdb" })
                d.Add(w, e);
        return d;
    }

    private static JepsenOptions Raw(string workload, string engine, int seed) => new()
    {
        Workload = workload,
        Nemeses = NemesisNames.Parse("partition,kill,loss,delay,leader,split,kill-pd"),
        TimeSeconds = 8,
        NemesisIntervalMs = 700,
        Engine = new EngineConfig(engine),
        Registry = Registry,
        Layer = "raw",
        Topology = "simulated",
        Seed = seed,
    };

    private static JepsenOptions Txn(string workload, string engine, int seed, bool blindRetry = false, string nemeses = "kill,pause,clock") => new()
    {
        Workload = workload,
        Nemeses = NemesisNames.Parse(nemeses),
        TimeSeconds = 0.8,
        NemesisIntervalMs = 120,
        Engine = new EngineConfig(engine),
        Registry = Registry,
        Layer = "txn",
        Topology = "local",
        Seed = seed,
        BlindRetry = blindRetry,
    };

    // Different seeds per engine, so the sweep does not run one schedule four times.
    private static int EngineIndex(string engine) => Array.IndexOf(["lsm", "titan", "btree", "rocksdb"], engine);

    private void Report(JepsenResult r)
    {
        output.WriteLine($"{r.Replay}: {r.Operations} ops; {string.Join("; ", r.Verdicts)}");
        foreach (var n in r.Notes) output.WriteLine("  " + n);
    }

    [Theory]
    [MemberData(nameof(RawCells))]
    public void Raw_workload_on_the_simulated_cluster_is_valid_under_faults(string workload, string engine)
    {
        var failures = new List<string>();
        foreach (var seed in TestEngines.Seeds(100 + 1000 * EngineIndex(engine), 1))
        {
            var r = JepsenRunner.Run(Raw(workload, engine, seed));
            Report(r);
            Assert.Contains(r.History, e => e.Process == HistoryEvent.NemesisProcess && e.F.StartsWith("start-", StringComparison.Ordinal));
            if (r.Operations <= 50) failures.Add($"only {r.Operations} operations (replay: workbench jepsen {r.Replay})");
            else if (!r.Valid) failures.Add($"replay: workbench jepsen {r.Replay}: {string.Join("; ", r.Verdicts)}");
        }
        // Every seed runs (a sweep reports all its findings), then any failure fails the test.
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [MemberData(nameof(TxnCells))]
    public void Txn_workload_on_an_engine_is_valid_under_kill_pause_and_clock_skew(string workload, string engine)
    {
        var failures = new List<string>();
        foreach (var seed in TestEngines.Seeds(200 + 1000 * EngineIndex(engine), 1))
        {
            var r = JepsenRunner.Run(Txn(workload, engine, seed));
            Report(r);
            if (r.Operations <= 5) failures.Add($"only {r.Operations} operations (replay: workbench jepsen {r.Replay})");
            else if (!r.Valid) failures.Add($"replay: workbench jepsen {r.Replay}: {string.Join("; ", r.Verdicts)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void A_simulated_run_replays_exactly_from_its_seed()
    {
        var seed = TestEngines.Seeds(300, 1).First();
        var a = JepsenRunner.Run(Raw("register", "lsm", seed) with { TimeSeconds = 4 });
        var b = JepsenRunner.Run(Raw("register", "lsm", seed) with { TimeSeconds = 4 });
        Assert.Equal(a.History.Select(HistoryFile.ToLine), b.History.Select(HistoryFile.ToLine));
        var c = JepsenRunner.Run(Raw("register", "lsm", seed + 1) with { TimeSeconds = 4 });
        Assert.NotEqual(a.History.Select(HistoryFile.ToLine), c.History.Select(HistoryFile.ToLine));
    }

    [Theory]
    [InlineData("bank")]
    [InlineData("append")]
    public void The_blind_retry_client_is_caught(string workload)
    {
        // TiDB 2.1's automatic retry re-committed writes computed from stale reads: lost updates.
        var seed = TestEngines.Seeds(400, 1).First();
        var r = JepsenRunner.Run(Txn(workload, "lsm", seed, blindRetry: true, nemeses: "none") with { TimeSeconds = 1.5 });
        Report(r);
        Assert.Equal(VerdictKind.Invalid, r.Verdicts[0].Verdict);
    }

    [Fact]
    public void Unavailable_combinations_are_errors_that_say_what_exists()
    {
        var tcp = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Txn("bank", "lsm", 1, nemeses: "clock") with { Topology = "tcp", WorkbenchCommand = ["dotnet"] }));
        Assert.Contains("kill, kill-pd, pause, partition, partition-one", tcp.Message);
        var noCommand = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Txn("bank", "lsm", 1, nemeses: "kill") with { Topology = "tcp" }));
        Assert.Contains("command that runs workbench", noCommand.Message);
        var inProcess = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Txn("bank", "lsm", 1, nemeses: "kill") with { Topology = "in-process" }));
        Assert.Contains("use --topology tcp", inProcess.Message);
        var sim = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Txn("bank", "lsm", 1) with { Topology = "simulated" }));
        Assert.Contains("synchronous", sim.Message);
        var raw = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Raw("bank", "lsm", 1)));
        Assert.Contains("raw: register, set", raw.Message);
        var nem = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Txn("bank", "lsm", 1, nemeses: "partition")));
        Assert.Contains("kill, pause, clock", nem.Message);
        Assert.Throws<JepsenConfigException>(() => NemesisNames.Parse("partition,frobnicate"));
        var rocks = Assert.Throws<JepsenConfigException>(() => JepsenRunner.Run(Raw("set", "rocksdb", 1)));
        Assert.Contains("its own file IO", rocks.Message);
    }

    /// <summary>The seeds that found the split/crash bug (docs/jepsen.md): kill alone every 2 s, and the fault mix.</summary>
    [Theory]
    [InlineData("set", "lsm", "kill", 20, 2000, 2)]
    [InlineData("set", "lsm", "kill", 20, 2000, 3)]
    [InlineData("set", "lsm", "partition,kill,loss,delay,leader,split,kill-pd", 8, 700, 102)]
    [InlineData("set", "titan", "partition,kill,loss,delay,leader,split,kill-pd", 8, 700, 1109)]
    [InlineData("set", "btree", "partition,kill,loss,delay,leader,split,kill-pd", 8, 700, 2108)]
    public void The_seeds_that_found_the_split_crash_bug_are_valid(string workload, string engine, string nemeses, double seconds, int intervalMs, int seed)
    {
        var r = JepsenRunner.Run(Raw(workload, engine, seed) with { Nemeses = NemesisNames.Parse(nemeses), TimeSeconds = seconds, NemesisIntervalMs = intervalMs });
        Report(r);
        Assert.True(r.Valid, $"replay: workbench jepsen {r.Replay}: {string.Join("; ", r.Verdicts)}");
    }

    [Fact]
    public void Txn_workload_on_the_in_process_cluster_is_valid()
    {
        var seed = TestEngines.Seeds(500, 1).First();
        var r = JepsenRunner.Run(Txn("bank", "lsm", seed, nemeses: "none") with { Topology = "in-process", TimeSeconds = 1.5 });
        Report(r);
        Assert.True(r.Operations > 20, $"only {r.Operations} operations");
        Assert.True(r.Valid, $"replay: workbench jepsen {r.Replay}: {string.Join("; ", r.Verdicts)}");
    }

    [Fact]
    public void A_run_writes_its_history_and_verdicts()
    {
        var dir = Path.Combine(Path.GetTempPath(), "wb-jepsen-out-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = JepsenRunner.Run(Txn("set", "memory", 7) with { OutputDirectory = dir });
            Assert.Equal(2, r.Files.Count);
            var back = HistoryFile.Read(Path.Combine(dir, "history.jsonl"));
            Assert.Equal(r.History.Count, back.Count);
            Assert.Equal(r.Verdicts[0].Verdict, new SetChecker().Check(back).Verdict);
            Assert.Contains("\"checker\": \"set\"", File.ReadAllText(Path.Combine(dir, "verdicts.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
