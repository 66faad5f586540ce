using System.Globalization;
using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Storage.RocksDb.Tests;

/// <summary>
/// Real crash recovery: a child process (Workbench.Storage.RocksDb.CrashChild) writes synced
/// multi-CF batches and prints each acknowledged batch number; the test kills it with SIGKILL
/// (Process.Kill) mid-stream, reopens the DB and checks that every acknowledged batch survived and
/// that no batch is half-applied (a key is in both column families or in neither, and the "last"
/// marker agrees). Three kill/reopen rounds per engine; the kill points come from a printed seed.
/// </summary>
public sealed class RocksDbKillTests(ITestOutputHelper output)
{
    private const int ValueSize = 1000;
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(RocksDbEngineFactory.EngineName)]
    [InlineData(RocksDbBlobEngineFactory.EngineName)]
    public async Task Synced_writes_survive_kill_9_and_no_batch_is_half_applied(string engineName)
    {
        var seed = TestSeed.Fresh(output);
        var random = new Random(seed);
        using var temp = new TempDirectory();
        var dir = temp.Sub("db");
        long next = 1;
        for (var round = 0; round < 3; round++)
        {
            var killAfter = random.Next(20, 300);
            var acked = await RunChildAndKill(engineName, dir, next, killAfter);
            output.WriteLine($"round {round}: killed after ack {acked} (first batch {next}, kill after {killAfter} acks)");
            Assert.True(acked >= next + killAfter - 1, $"child acknowledged only up to {acked}");
            next = Verify(engineName, dir, acked) + 1;
        }
    }

    /// <summary>Starts the child, kills it after <paramref name="killAfter"/> acks, returns the highest batch acknowledged before death.</summary>
    private static Task<long> RunChildAndKill(string engineName, string dir, long first, int killAfter) =>
        AckingCrashChild.RunAndKill(ChildDll(), [engineName, dir, first.ToString(CultureInfo.InvariantCulture), ValueSize.ToString(CultureInfo.InvariantCulture)], first, killAfter, LineTimeout);

    /// <summary>Reopens and checks the recovered state; returns the last batch number recovered.</summary>
    private static long Verify(string engineName, string dir, long acked)
    {
        using var engine = RocksDbTestEngines.Open(engineName, dir, ["default", "other"], new Dictionary<string, string>());
        return CrashVerification.VerifyRecovered(engine, acked, ValueSize);
    }

    /// <summary>The child is built next to this project (same configuration and framework folders).</summary>
    private static string ChildDll()
    {
        var path = Path.Combine(
            AppContext.BaseDirectory.Replace("Workbench.Storage.RocksDb.Tests", "Workbench.Storage.RocksDb.CrashChild", StringComparison.Ordinal),
            "Workbench.Storage.RocksDb.CrashChild.dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"crash child not built at {path}; build tests/Workbench.Storage.RocksDb.CrashChild", path);
        return path;
    }
}
