using System.Globalization;
using System.Text.Json;
using Workbench.Harness.Cli;
using Workbench.Harness.Results;
using Workbench.Workloads.Ycsb;

namespace Workbench.Harness.Ycsb;

/// <summary>
/// `workbench ycsb load|run --layer sql --endpoint HOST:PORT`: YCSB over go-ycsb's SQL schema
/// (<see cref="SqlYcsbSchema"/>, <see cref="SqlYcsbWorker"/>) against a running MySQL-protocol
/// server — ours (`workbench sql-server`) or MariaDB (`./run.sh mariadb start`). `load` (or --load)
/// recreates usertable first. At this layer `--engine` names the table's storage engine on the
/// server (innodb by default; rocksdb for MyRocks; ours ignores it). Only the client's figures:
/// the server's device bytes are another process's.
/// </summary>
internal static class SqlYcsbCommand
{
    public static int Run(ArgParser p, string phase, string file, IReadOnlyList<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(overrides);
        CoreWorkloadSettings settings;
        try
        {
            var props = YcsbProperties.FromFile(file);
            foreach (var o in overrides) props.SetFromArgument(o);
            settings = CoreWorkloadSettings.From(props);
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException)
        {
            throw new UsageException(e.Message);
        }
        var endpoint = p.Get("endpoint") ?? throw new UsageException("--layer sql needs --endpoint HOST:PORT of a MySQL server (./run.sh sql-server --config …, or ./run.sh mariadb start for 127.0.0.1:3307)");
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new UsageException($"--endpoint must be HOST:PORT, not '{endpoint}'");
        var host = endpoint[..colon];
        if (!(host == "localhost" || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip))))
            throw new UsageException($"--endpoint host '{host}' is not a loopback address (127.0.0.1, ::1 or localhost)");
        var storageEngine = p.Get("engine") ?? "innodb";
        if (storageEngine is not ("innodb" or "rocksdb")) throw new UsageException($"at --layer sql, --engine names the table's storage engine on the server: innodb or rocksdb, not '{storageEngine}'");
        var threads = p.GetInt("threads", 1);
        if (threads < 1) throw new UsageException("--threads must be at least 1");
        var seed = p.GetInt("seed", 42);

        var connection = SqlYcsbSchema.ConnectionString(host, port, "sbtest", "sbtest", "sbtest");
        var workload = new CoreWorkload(settings);
        var results = new List<PhaseResult>();
        Console.WriteLine($"endpoint: {host}:{port}  layer: sql (go-ycsb's usertable, ENGINE={storageEngine})  records: {settings.RecordCount}  operations: {settings.OperationCount}  fields: {settings.FieldCount} × {settings.FieldLength} bytes  threads: {threads}");
        try
        {
            var runner = new YcsbRunner(null, workload, threads, seed, r => new SqlYcsbWorker(connection, workload, r));
            if (phase == "load" || p.Has("load"))
            {
                SqlYcsbSchema.Recreate(connection, settings.FieldCount, storageEngine);
                var load = runner.Load();
                Console.Write(YcsbOutputFormatter.Format(load.Result));
                Console.Write(Retries(runner));
                results.Add(load.Result);
            }
            if (phase == "run")
            {
                var run = runner.Run();
                Console.Write(YcsbOutputFormatter.Format(run.Result));
                Console.Write(Retries(runner));
                results.Add(run.Result);
            }
        }
        catch (MySqlConnector.MySqlException e)
        {
            Console.Error.WriteLine($"workbench ycsb: the server at {host}:{port} answered error {e.Number}: {e.Message}");
            return 1;
        }
        if (p.Get("json") is { } json)
        {
            var parent = Path.GetDirectoryName(Path.GetFullPath(json));
            if (parent is not null) Directory.CreateDirectory(parent);
            File.WriteAllText(json, JsonSerializer.Serialize(results, ResultsStore.JsonOptions));
            Console.WriteLine($"results written to {json}");
        }
        return 0;
    }

    private static string Retries(YcsbRunner runner)
    {
        long retries = 0, failed = 0;
        foreach (var w in runner.LastWorkers)
            if (w is SqlYcsbWorker s)
            {
                retries += s.Retries;
                failed += s.Failed;
            }
        return string.Create(CultureInfo.InvariantCulture, $"SQL      - statements retried (1213/1205): {retries}, given up: {failed}\n");
    }
}
