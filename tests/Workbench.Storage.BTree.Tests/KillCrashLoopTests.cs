using System.Globalization;
using Workbench.Storage.BTree.CrashChild;
using Workbench.Storage.Contract;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// A real crash: a child process writes synced batches on the local disk and prints each id once
/// acknowledged; the test kills it with SIGKILL (Process.Kill) at a random moment, reopens the
/// directory and checks every acknowledged batch survived whole, and that what survived beyond the
/// acknowledgements is a whole-batch prefix. Several rounds on the same directory (crash recovery
/// of a crash-recovered database).
/// </summary>
public sealed class KillCrashLoopTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-btree-kill-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // leftovers in /tmp are harmless
        }
    }

    [Fact]
    public async Task Acknowledged_synced_batches_survive_kill_9_in_a_loop()
    {
        var seed = TestSeed.Fresh(output, nameof(Acknowledged_synced_batches_survive_kill_9_in_a_loop));
        var rng = new Random(seed);
        long next = 0;
        for (var round = 0; round < 4; round++)
        {
            var killAfter = rng.Next(50, 400);
            var lastAcked = await RunAndKill(next, killAfter);
            Assert.True(lastAcked >= next + killAfter - 1, $"round {round}: child acknowledged only up to {lastAcked}");
            next = Verify(next, lastAcked, round);
            output.WriteLine($"round {round}: killed after id {lastAcked}; {next - 1 - lastAcked} unacknowledged batches also survived");
        }
    }

    private async Task<long> RunAndKill(long first, int acks)
    {
        var lineTimeout = TimeSpan.FromSeconds(90);
        using var p = ChildProcess.StartDll(Path.Combine(AppContext.BaseDirectory, "Workbench.Storage.BTree.CrashChild.dll"),
            [_dir, first.ToString(CultureInfo.InvariantCulture)]);
        long last = first - 1;
        var seen = 0;
        try
        {
            await p.WaitForReadyAsync("ready", lineTimeout);
            while (seen < acks)
            {
                var line = await p.ReadLineAsync(lineTimeout)
                    ?? throw new InvalidOperationException($"child exited early: {await p.KillAndReadErrorAsync(lineTimeout)}");
                last = long.Parse(line, CultureInfo.InvariantCulture);
                seen++;
            }
        }
        finally
        {
            await p.KillAsync(lineTimeout); // SIGKILL: no cleanup, no flush
        }
        // Lines printed after the last one we read were acknowledged too; read what the pipe still holds.
        while (await p.ReadLineAsync(lineTimeout) is { } more)
            if (long.TryParse(more, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) last = id;
        return last;
    }

    /// <summary>Checks the batches from <paramref name="first"/> on; returns the id after the last surviving one.</summary>
    private long Verify(long first, long lastAcked, int round)
    {
        using var e = CrashWorkload.Open(_dir);
        var def = e.GetColumnFamily("default");
        var write = e.GetColumnFamily("write");
        var id = 0L;
        for (; ; id++)
        {
            var v = e.Get(def, CrashWorkload.Key(id));
            var w = e.Get(write, CrashWorkload.Key(id));
            if (v is null && w is null)
            {
                Assert.True(id > lastAcked, $"round {round}: acknowledged batch {id} is lost");
                break;
            }
            Assert.True(v is not null && w is not null, $"round {round}: batch {id} survived half");
            Assert.Equal(CrashWorkload.Value(id), v);
            Assert.Equal(CrashWorkload.Id(id), w);
        }
        Assert.True(id >= first);
        // Nothing beyond the surviving prefix (no holes), and the counter names the last survivor.
        for (var k = id + 1; k < id + 50; k++) Assert.Null(e.Get(def, CrashWorkload.Key(k)));
        Assert.Equal(CrashWorkload.Id(id - 1), e.Get(write, CrashWorkload.CounterKey));
        ((BTreeEngine)e).VerifyTrees();
        return id;
    }
}
