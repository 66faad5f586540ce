using System.Globalization;
using Workbench.Storage.Contract;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Storage.Conformance;

/// <summary>
/// Real crash recovery for engines that do their own IO (as tests/Workbench.Storage.RocksDb.Tests'
/// RocksDbKillTests): a child process writes synced multi-CF batches and prints "ack N" after each
/// acknowledged batch; the test kills it with SIGKILL mid-stream, reopens the engine and checks that
/// every acknowledged batch survived and none is half-applied (key N is in both column families or
/// in neither, values intact, and "last" agrees). Three kill/reopen rounds from a printed seed.
///
/// The child (see <see cref="ChildDll"/>) must accept: &lt;engine&gt; &lt;directory&gt; &lt;first batch&gt; &lt;value size&gt;,
/// print "ready", then per batch N put <see cref="CrashRecord.Key"/>(N) → <see cref="CrashRecord.Value"/>
/// into "default" and "other" and <see cref="CrashRecord.LastKey"/> → key(N) into "default", synced.
/// </summary>
public abstract class KillConformanceTests
{
    private const int ValueSize = 1000;
    private static readonly TimeSpan LineTimeout = TimeSpan.FromSeconds(60);

    protected KillConformanceTests(ITestOutputHelper output) => Output = output;

    protected ITestOutputHelper Output { get; }

    /// <summary>The registry name the child is asked to open.</summary>
    protected abstract string EngineName { get; }

    /// <summary>Path of the child program's dll.</summary>
    protected abstract string ChildDll { get; }

    /// <summary>Opens the engine on <paramref name="directory"/> with column families "default" and "other".</summary>
    protected abstract IKvEngine OpenForVerify(string directory);

    [Fact]
    public async Task Synced_writes_survive_kill_9_and_no_batch_is_half_applied()
    {
        var seed = TestSeed.Fresh(Output, GetType().Name);
        var random = new Random(seed);
        var root = Path.Combine(Path.GetTempPath(), "workbench-kill-" + Guid.NewGuid().ToString("N"));
        var dir = Path.Combine(root, "db");
        Directory.CreateDirectory(root);
        try
        {
            long next = 1;
            for (var round = 0; round < 3; round++)
            {
                var killAfter = random.Next(20, 300);
                var acked = await RunChildAndKill(dir, next, killAfter);
                Output.WriteLine($"round {round}: killed after ack {acked} (first batch {next}, kill after {killAfter} acks)");
                Assert.True(acked >= next + killAfter - 1, $"child acknowledged only up to {acked}");
                next = Verify(dir, acked) + 1;
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // leftovers in /tmp are harmless
            }
        }
    }

    /// <summary>Starts the child, kills it after <paramref name="killAfter"/> acks, returns the highest batch acknowledged before death.</summary>
    private Task<long> RunChildAndKill(string dir, long first, int killAfter) =>
        AckingCrashChild.RunAndKill(ChildDll, [EngineName, dir, first.ToString(CultureInfo.InvariantCulture), ValueSize.ToString(CultureInfo.InvariantCulture)], first, killAfter, LineTimeout);

    /// <summary>Reopens and checks the recovered state; returns the last batch number recovered.</summary>
    private long Verify(string dir, long acked)
    {
        using var engine = OpenForVerify(dir);
        return CrashVerification.VerifyRecovered(engine, acked, ValueSize);
    }

    /// <summary>The peers' crash child, built next to the test project (same configuration and framework folders).</summary>
    protected static string PeersChildDll(string testProjectName) =>
        Path.Combine(
            AppContext.BaseDirectory.Replace(testProjectName, "Workbench.Storage.Peers.CrashChild", StringComparison.Ordinal),
            "Workbench.Storage.Peers.CrashChild.dll");

}
