using System.Diagnostics;
using System.Globalization;
using Workbench.Storage.Contract;
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
        var env = Environment.GetEnvironmentVariable("WORKBENCH_SEED");
        var seed = int.TryParse(env, out var s) ? s : Random.Shared.Next();
        Output.WriteLine($"{GetType().Name}: seed {seed} (replay with WORKBENCH_SEED={seed})");
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
    private async Task<long> RunChildAndKill(string dir, long first, int killAfter)
    {
        var childDll = ChildDll;
        if (!File.Exists(childDll)) throw new FileNotFoundException($"crash child not built at {childDll}", childDll);
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(childDll);
        psi.ArgumentList.Add(EngineName);
        psi.ArgumentList.Add(dir);
        psi.ArgumentList.Add(first.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(ValueSize.ToString(CultureInfo.InvariantCulture));
        using var child = Process.Start(psi) ?? throw new InvalidOperationException("could not start the crash child");
        var stderr = child.StandardError.ReadToEndAsync();
        long acked = first - 1;
        var acks = 0;
        try
        {
            var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(LineTimeout);
            if (ready != "ready") throw new InvalidOperationException($"crash child did not start: '{ready}', stderr: {await KillAndReadError(child, stderr)}");
            while (acks < killAfter)
            {
                var line = await child.StandardOutput.ReadLineAsync().WaitAsync(LineTimeout)
                    ?? throw new InvalidOperationException($"crash child exited early: {await KillAndReadError(child, stderr)}");
                acked = ParseAck(line);
                acks++;
            }
        }
        finally
        {
            child.Kill(); // SIGKILL on Unix
            await child.WaitForExitAsync().WaitAsync(LineTimeout);
        }
        // Lines already in the pipe were printed before the kill: those writes were acknowledged too.
        while (await child.StandardOutput.ReadLineAsync().WaitAsync(LineTimeout) is { } rest)
            if (rest.StartsWith("ack ", StringComparison.Ordinal)) acked = ParseAck(rest);
        return acked;
    }

    /// <summary>Reopens and checks the recovered state; returns the last batch number recovered.</summary>
    private long Verify(string dir, long acked)
    {
        using var engine = OpenForVerify(dir);
        var d = engine.GetColumnFamily("default");
        var o = engine.GetColumnFamily("other");
        var lastKey = engine.Get(d, CrashRecord.LastKey);
        Assert.NotNull(lastKey);
        var last = CrashRecord.NumberOf(lastKey);
        Assert.True(last >= acked, $"acknowledged synced batch {acked} lost: recovered only up to {last}");
        long expected = 1;
        using (var it = engine.NewIterator(d, new ReadOptions { LowerBound = "n"u8.ToArray(), UpperBound = "o"u8.ToArray() }))
        {
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var n = CrashRecord.NumberOf(it.Key);
                Assert.True(n == expected, $"default holds batch {n} where batch {expected} was expected (hole or extra)");
                Assert.True(it.Value.SequenceEqual(CrashRecord.Value(n, ValueSize)), $"value of batch {n} in default is wrong");
                expected++;
            }
        }
        Assert.True(expected - 1 == last, $"default holds batches up to {expected - 1} but 'last' says {last}: half-applied batch");
        using (var it = engine.NewIterator(o))
        {
            long count = 0;
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                count++;
                var n = CrashRecord.NumberOf(it.Key);
                Assert.True(n == count, $"other holds batch {n} where batch {count} was expected: half-applied batch");
                Assert.True(it.Value.SequenceEqual(CrashRecord.Value(n, ValueSize)), $"value of batch {n} in other is wrong");
            }
            Assert.True(count == last, $"other holds {count} batches but default holds {last}: half-applied batch");
        }
        return last;
    }

    /// <summary>The peers' crash child, built next to the test project (same configuration and framework folders).</summary>
    protected static string PeersChildDll(string testProjectName) =>
        Path.Combine(
            AppContext.BaseDirectory.Replace(testProjectName, "Workbench.Storage.Peers.CrashChild", StringComparison.Ordinal),
            "Workbench.Storage.Peers.CrashChild.dll");

    private static async Task<string> KillAndReadError(Process child, Task<string> stderr)
    {
        child.Kill();
        return await stderr.WaitAsync(LineTimeout);
    }

    private static long ParseAck(string line)
    {
        Assert.StartsWith("ack ", line, StringComparison.Ordinal);
        return long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p ? p : "dotnet";
}
