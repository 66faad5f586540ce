namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// The child side of <see cref="KillNineCrashTests"/>: the test assembly doubles as a console
/// program (<c>dotnet exec Workbench.Storage.Lsm.Tests.dll crash-child DIR FIRST SEED</c>). It opens the
/// engine on the real file system and writes batches FIRST, FIRST+1, … forever; each batch puts
/// <see cref="KeysPerBatch"/> keys across two column families. After every acknowledged write it
/// prints <c>ACK n</c>; the parent kills it with SIGKILL at a random moment.
/// </summary>
internal static class CrashChild
{
    public const int KeysPerBatch = 4;
    public static readonly string[] ColumnFamilies = ["default", "lock"];

    public static byte[] Key(long batch, int j) => System.Text.Encoding.ASCII.GetBytes($"b{batch:D8}-{j}");

    public static byte[] Value(long batch, int j)
    {
        var v = new byte[1 + (int)((batch * 7 + j * 131) % 600)];
        new Random((int)(batch * 31 + j)).NextBytes(v);
        return v;
    }

    public static int Main(string[] args)
    {
        if (args.Length != 4 || args[0] != "crash-child")
        {
            Console.Error.WriteLine("usage: crash-child DIR FIRST SEED");
            return 2;
        }
        var dir = args[1];
        var next = long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var rng = new Random(int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
        using var engine = LsmTestEngines.Open(LocalFileSystem.Instance, dir, ColumnFamilies);
        var cfs = engine.ColumnFamilies;
        var stdout = Console.Out;
        stdout.WriteLine("READY");
        stdout.Flush();
        while (true)
        {
            using var batch = new WriteBatch();
            for (var j = 0; j < KeysPerBatch; j++) batch.Put(cfs[j % cfs.Count], Key(next, j), Value(next, j));
            engine.Write(batch, rng.Next(8) == 0 ? WriteOptions.Synced : WriteOptions.Default);
            stdout.WriteLine($"ACK {next}");
            stdout.Flush();
            next++;
        }
    }
}
