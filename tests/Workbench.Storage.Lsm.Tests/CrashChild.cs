using System.Globalization;
using Workbench.Storage.Batch;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// The child side of <see cref="KillNineCrashTests"/>: the test assembly doubles as a console
/// program (<c>dotnet exec Workbench.Storage.Lsm.Tests.dll crash-child ENGINE WORKLOAD DIR FIRST SEED [name=value ...]</c>).
/// It opens ENGINE (lsm | titan) with the given engine options on the real file system and writes
/// batches FIRST, FIRST+1, … forever with WORKLOAD (append | overwrite). After every acknowledged
/// write it prints <c>ACK n</c>; with titan it also prints <c>GC runs</c> now and then. The parent
/// kills it with SIGKILL at a random moment.
/// </summary>
internal static class CrashChild
{
    public static readonly string[] ColumnFamilies = ["default", "lock"];

    /// <summary>Opens an engine the way the child does; the parent uses it to verify.</summary>
    public static IKvEngine Open(string engine, string directory, IReadOnlyDictionary<string, string> options) =>
        new EngineRegistry().Register(new LsmEngineFactory()).Register(new TitanEngineFactory()).Open(
            new EngineConfig(engine, options), directory, LocalFileSystem.Instance, ColumnFamilies);

    /// <summary>The child's arguments for one run.</summary>
    public static IEnumerable<string> Arguments(string engine, string workload, string directory, long first, int seed, IReadOnlyDictionary<string, string> options)
    {
        yield return "crash-child";
        yield return engine;
        yield return workload;
        yield return directory;
        yield return first.ToString(CultureInfo.InvariantCulture);
        yield return seed.ToString(CultureInfo.InvariantCulture);
        foreach (var (k, v) in options) yield return $"{k}={v}";
    }

    public static int Main(string[] args)
    {
        if (args.Length < 6 || args[0] != "crash-child" || args[2] is not ("append" or "overwrite"))
        {
            Console.Error.WriteLine("usage: crash-child lsm|titan append|overwrite DIR FIRST SEED [name=value ...]");
            return 2;
        }
        var engineName = args[1];
        var overwrite = args[2] == "overwrite";
        var dir = args[3];
        var next = long.Parse(args[4], CultureInfo.InvariantCulture);
        var rng = new Random(int.Parse(args[5], CultureInfo.InvariantCulture));
        var options = new Dictionary<string, string>();
        for (var i = 6; i < args.Length; i++)
        {
            var eq = args[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                Console.Error.WriteLine($"engine option '{args[i]}' is not name=value");
                return 2;
            }
            options[args[i][..eq]] = args[i][(eq + 1)..];
        }
        using var engine = Open(engineName, dir, options);
        var cfs = engine.ColumnFamilies;
        var stdout = Console.Out;
        Workbench.Testing.Processes.ParentWatch.ExitWhenParentGone(); // the test host may die: do not write on as an orphan
        stdout.WriteLine("READY");
        stdout.Flush();
        while (true)
        {
            using var batch = new WriteBatch();
            if (overwrite)
            {
                // Every write synced: the acknowledged ids are exactly what must survive.
                CrashOverwriteWorkload.Fill(batch, cfs, next);
                engine.Write(batch, WriteOptions.Synced);
            }
            else
            {
                for (var j = 0; j < CrashAppendWorkload.KeysPerBatch; j++) batch.Put(cfs[j % cfs.Count], CrashAppendWorkload.Key(next, j), CrashAppendWorkload.Value(next, j));
                engine.Write(batch, rng.Next(8) == 0 ? WriteOptions.Synced : WriteOptions.Default);
            }
            stdout.WriteLine($"ACK {next}");
            if (next % 64 == 0 && engine.GetMetrics().Counters.TryGetValue("titan.gc.runs", out var gcRuns))
                stdout.WriteLine($"GC {gcRuns}");
            stdout.Flush();
            next++;
        }
    }
}
