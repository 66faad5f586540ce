using System.Diagnostics;
using System.Globalization;
using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
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
        var env = Environment.GetEnvironmentVariable("WORKBENCH_SEED");
        var seed = int.TryParse(env, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with WORKBENCH_SEED={seed})");
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
    private static async Task<long> RunChildAndKill(string engineName, string dir, long first, int killAfter)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(ChildDll());
        psi.ArgumentList.Add(engineName);
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
    private static long Verify(string engineName, string dir, long acked)
    {
        using var engine = RocksDbTestEngines.Open(engineName, dir, ["default", "other"], new Dictionary<string, string>());
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
