using System.Net.Sockets;
using Workbench.Harness.Engines;
using Workbench.Harness.Matrix;
using Workbench.Harness.Sysbench;

namespace Workbench.Harness.Tests.Matrix;

/// <summary>
/// Layer sql in the matrix: validation of sysbench workloads and endpoint rows, and real cells — the
/// real sysbench and SQL-YCSB against the in-process server over an engine (skipped without the
/// sysbench binary), and against a local MariaDB (skipped unless scripts/mariadb.sh has one running).
/// </summary>
public sealed class SqlLayerMatrixTests : IDisposable
{
    private static readonly string WorkloadA = RepoPaths.Workload("workloada");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-sqlmatrix-" + Guid.NewGuid().ToString("N"));

    public SqlLayerMatrixTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MatrixSpec Load(string yaml) => new MatrixLoader(EngineCatalog.Create()).Load(yaml, "/tmp/test-matrix.yaml");

    private static MatrixValidationException Invalid(string yaml) => Assert.Throws<MatrixValidationException>(() => Load(yaml));

    private const string Endpoint = "  - { endpoint: { host: 127.0.0.1, port: 3307, label: mariadb-innodb, engine: innodb } }\n";

    [Fact]
    public void A_sysbench_matrix_with_an_endpoint_row_loads_without_value_sizes()
    {
        var spec = Load($"name: t\nlayer: sql\nengines:\n  - lsm\n{Endpoint}workloads:\n  - {{ kind: sysbench, test: oltp_point_select, table_size: 1000, threads: 8, time: 5, ps_mode: disable }}\n  - {{ kind: ycsb, file: {WorkloadA} }}\nvalue_sizes: [256, 1024]\nthreads: [2]\n");
        var endpoint = spec.Engines[1].Endpoint!;
        Assert.Equal(("127.0.0.1", 3307, "innodb", "sbtest"), (endpoint.Host, endpoint.Port, endpoint.StorageEngine, endpoint.User));
        Assert.Equal("mariadb-innodb", spec.Engines[1].Label);
        var sb = spec.Workloads[0].Sysbench!;
        Assert.Equal(("oltp_point_select", 1000L, 8, 5, "disable"), (sb.Test, sb.TableSize, sb.Threads, sb.Seconds, sb.PsMode));
        // sysbench cells: one value size (its rows are fixed) and its own threads; ycsb cells: the axes.
        var cells = spec.Cells();
        Assert.Equal(2 + 4, cells.Count);
        Assert.All(cells.Where(c => c.Workload.Sysbench is not null), c => Assert.Equal((0, 8), (c.ValueSize, c.Threads)));
        Assert.Single(Load("name: t\nlayer: sql\nengines: [lsm]\nworkloads:\n  - { kind: sysbench }\n").ValueSizes);
    }

    [Fact]
    public void Impossible_combinations_are_errors_naming_key_and_line()
    {
        var atEngine = Assert.Single(Invalid($"name: t\nengines:\n  - lsm\n{Endpoint}workloads:\n  - {{ kind: ycsb, file: {WorkloadA} }}\nvalue_sizes: [256]\n").Errors);
        Assert.Equal(("engines[1].endpoint", 4), (atEngine.Key, atEngine.Line));
        Assert.Contains("layer 'sql'", atEngine.Message, StringComparison.Ordinal);

        var sysbenchAtTxn = Assert.Single(Invalid("name: t\nlayer: txn\nengines: [lsm]\nworkloads:\n  - { kind: sysbench }\nvalue_sizes: [100]\n").Errors);
        Assert.Equal(("workloads[0].kind", 5), (sysbenchAtTxn.Key, sysbenchAtTxn.Line));

        var benchAtSql = Assert.Single(Invalid($"name: t\nlayer: sql\nengines:\n  - lsm\n{Endpoint}workloads:\n  - {{ kind: bench, benchmarks: [fillrandom] }}\nvalue_sizes: [100]\n").Errors);
        Assert.Equal(("workloads[0].kind", 7), (benchAtSql.Key, benchAtSql.Line));

        var e = Invalid("name: t\nlayer: sql\nengines:\n  - { endpoint: { host: 10.0.0.1, port: 3307, label: far, engine: myisam, extra: 1 } }\nworkloads:\n  - { kind: sysbench, test: oltp_nothing, rand_type: zipf, ps_mode: always }\n").Errors;
        Assert.Equal(
            ["engines[0].endpoint.engine", "engines[0].endpoint.extra", "engines[0].endpoint.host", "workloads[0].ps_mode", "workloads[0].rand_type", "workloads[0].test"],
            e.Select(x => x.Key).Order(StringComparer.Ordinal));
        Assert.All(e, x => Assert.True(x.Line is 4 or 6, x.ToString()));

        // A replicated topology at layer sql runs, in-process or on processes (SqlClusterMatrixTests, TcpCellTests); tcp on one node and one replica means nothing.
        var tcp = Assert.Single(Invalid("name: t\nlayer: sql\ntopology:\n  nodes: 1\n  replicas: 1\n  transport: tcp\nengines: [lsm]\nworkloads:\n  - { kind: sysbench }\n").Errors);
        Assert.Equal(("topology.transport", 6), (tcp.Key, tcp.Line));
    }

    [Fact]
    public void Sysbench_and_sql_ycsb_cells_run_on_the_in_process_server_and_count_every_layer()
    {
        var sysbench = SysbenchProcess.FindBinary() is not null
            ? "  - { kind: sysbench, test: oltp_read_write, table_size: 200, threads: 2, time: 1 }\n"
            : "";
        if (sysbench == "") Console.WriteLine("SKIPPED (sysbench part): the sysbench binary is not installed (./run.sh installs the Debian package sysbench)");
        var file = Path.Combine(_dir, "sql.yaml");
        File.WriteAllText(file, $"name: sql\nlayer: sql\nengines: [lsm]\nworkloads:\n{sysbench}  - {{ kind: ycsb, label: ycsb-a, file: {WorkloadA}, recordcount: 300, operationcount: 400 }}\nvalue_sizes: [500]\nthreads: [2]\n");
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(file);
        var results = new MatrixRunner(spec, EngineCatalog.Create(), Path.Combine(_dir, "results")).Run(resume: false, CancellationToken.None);
        Assert.All(results.Cells, c => Assert.True(c.Succeeded, c.Error));
        Assert.All(results.Cells, c => Assert.Equal("sql", c.Layer));

        var ycsb = Assert.Single(results.Cells, c => c.WorkloadKind == "ycsb");
        var load = ycsb.Phases[0];
        Assert.Equal(300, load.Ops);
        // User bytes at layer sql are the SQL layer's (rows as encoded: more than the workload's key + field bytes).
        Assert.Equal(load.LayerBytes["sql"], load.UserBytesWritten);
        Assert.True(load.LayerBytes["sql"] > load.LayerBytes["workload"], string.Join(", ", load.LayerBytes));
        Assert.True(load.LayerBytes["txn"] >= load.LayerBytes["sql"], string.Join(", ", load.LayerBytes));
        Assert.True(load.DeviceBytesWritten > 0);
        Assert.True(load.LayerWriteAmp["sql"] > 0);
        Assert.Contains("LAYERS load: sql", ycsb.EngineStats, StringComparison.Ordinal);
        var run = ycsb.Phases[1];
        Assert.Equal(400, run.Ops);
        Assert.Contains("READ", run.Operations.Keys);
        Assert.Contains("UPDATE", run.Operations.Keys);

        if (sysbench == "") return;
        var sb = Assert.Single(results.Cells, c => c.WorkloadKind == "sysbench");
        Assert.Equal(["prepare", "run"], sb.Phases.Select(p => p.Phase));
        var prepare = sb.Phases[0];
        Assert.Equal(200, prepare.Ops);
        Assert.True(prepare.LayerBytes["sql_rows"] > 200 * 180, string.Join(", ", prepare.LayerBytes)); // c CHAR(120) + pad CHAR(60) per row
        Assert.True(prepare.LayerBytes["sql_index"] > 0); // CREATE INDEX k_1 backfills
        var runPhase = sb.Phases[1];
        var figures = runPhase.Sysbench!;
        Assert.True(figures.Tps > 0 && figures.Qps > figures.Tps, $"tps {figures.Tps}, qps {figures.Qps}");
        Assert.Equal(figures.Transactions, runPhase.Ops);
        Assert.Equal(figures.Transactions, runPhase.Operations["TRANSACTION"].Count);
        Assert.True(runPhase.Operations["TRANSACTION"].P95 > 0);
        Assert.True(runPhase.LayerBytes["sql"] > 0);
        Assert.Contains("--rand-type=uniform", figures.Command, StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_run_against_a_local_mariadb_endpoint_when_one_is_running()
    {
        var port = int.TryParse(Environment.GetEnvironmentVariable("WORKBENCH_MARIADB_PORT"), out var p) ? p : 3307;
        if (!Listening(port) || SysbenchProcess.FindBinary() is null)
        {
            Console.WriteLine($"SKIPPED: no MariaDB on 127.0.0.1:{port} (start one with scripts/mariadb.sh start) or no sysbench");
            return;
        }
        var file = Path.Combine(_dir, "endpoint.yaml");
        File.WriteAllText(file, $"name: endpoint\nlayer: sql\nengines:\n  - {{ endpoint: {{ host: 127.0.0.1, port: {port}, label: mariadb-myrocks, engine: rocksdb }} }}\nworkloads:\n  - {{ kind: sysbench, label: sb-test-{Guid.NewGuid():N}, test: oltp_point_select, table_size: 200, threads: 1, time: 1 }}\n  - {{ kind: ycsb, file: {WorkloadA}, recordcount: 100, operationcount: 100 }}\nvalue_sizes: [200]\nthreads: [1]\n");
        var spec = new MatrixLoader(EngineCatalog.Create()).LoadFile(file);
        var results = new MatrixRunner(spec, EngineCatalog.Create(), Path.Combine(_dir, "results")).Run(resume: false, CancellationToken.None);
        Assert.All(results.Cells, c => Assert.True(c.Succeeded, c.Error));
        Assert.All(results.Cells, c => Assert.Equal(("endpoint:rocksdb", "mariadb-myrocks"), (c.Engine, c.EngineLabel)));
        var sb = Assert.Single(results.Cells, c => c.WorkloadKind == "sysbench").Phases[1].Sysbench!;
        Assert.True(sb.Qps > 0);
        var ycsb = Assert.Single(results.Cells, c => c.WorkloadKind == "ycsb");
        Assert.Equal(100, ycsb.Phases[1].Ops);
        Assert.Null(ycsb.Phases[1].DeviceBytesWritten); // another process's device bytes are not ours to read
    }

    private static bool Listening(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
