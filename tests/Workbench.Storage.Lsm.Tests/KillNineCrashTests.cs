using System.Diagnostics;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// Real process crashes: a child process writes batches through the engine on the real file system
/// and is killed with SIGKILL at random moments, many rounds on the same directory. After each kill
/// the database must hold every acknowledged batch (writes reach the OS before they are
/// acknowledged, so a process crash loses none), whole batches only, and no holes.
/// </summary>
public sealed class KillNineCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lsm-kill9-" + Guid.NewGuid().ToString("N"));

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Killing_the_writer_process_at_random_moments_loses_no_acknowledged_batch_and_never_half_a_batch()
    {
        var env = Environment.GetEnvironmentVariable("WORKBENCH_SEED");
        var seed = int.TryParse(env, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"seed {seed} (replay with WORKBENCH_SEED={seed})");
        var rng = new Random(seed);
        Directory.CreateDirectory(_dir);
        long present = 0;
        const int rounds = 8;
        for (var round = 0; round < rounds; round++)
        {
            var acked = await RunChildAndKill(present, rng.Next(), TimeSpan.FromMilliseconds(rng.Next(50, 700)));
            present = Verify(acked, $"seed {seed}, round {round}");
            output.WriteLine($"round {round}: last acknowledged {acked}, batches present {present}");
        }
        Assert.True(present > rounds, "the child made too little progress for the test to mean anything");
    }

    private async Task<long> RunChildAndKill(long first, int childSeed, TimeSpan delay)
    {
        var assembly = typeof(CrashChild).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", assembly, "crash-child", _dir, first.ToString(System.Globalization.CultureInfo.InvariantCulture), childSeed.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        using var child = Process.Start(psi) ?? throw new InvalidOperationException("could not start the child process");
        var lastAck = first - 1;
        var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
        if (ready != "READY") throw new InvalidOperationException($"child did not start: {ready} {await child.StandardError.ReadToEndAsync()}");
        var reader = Task.Run(async () =>
        {
            string? line;
            while ((line = await child.StandardOutput.ReadLineAsync()) is not null)
                if (line.StartsWith("ACK ", StringComparison.Ordinal)) Volatile.Write(ref lastAck, long.Parse(line.AsSpan(4), provider: System.Globalization.CultureInfo.InvariantCulture));
        });
        await Task.Delay(delay);
        child.Kill(entireProcessTree: true); // SIGKILL
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await reader.WaitAsync(TimeSpan.FromMinutes(1));
        return Volatile.Read(ref lastAck);
    }

    /// <summary>Returns the number of batches present; asserts prefix, completeness and that every acknowledged one survived.</summary>
    private long Verify(long lastAcked, string context)
    {
        using var e = LsmTestEngines.Open(LocalFileSystem.Instance, _dir, CrashChild.ColumnFamilies);
        var cfs = e.ColumnFamilies;
        long n = 0;
        while (true)
        {
            var present = 0;
            for (var j = 0; j < CrashChild.KeysPerBatch; j++)
            {
                var v = e.Get(cfs[j % cfs.Count], CrashChild.Key(n, j));
                if (v is null) continue;
                Assert.True(v.AsSpan().SequenceEqual(CrashChild.Value(n, j)), $"{context}: batch {n} key {j} has wrong contents");
                present++;
            }
            if (present == 0) break;
            Assert.True(present == CrashChild.KeysPerBatch, $"{context}: batch {n} is only partly present ({present} of {CrashChild.KeysPerBatch} keys)");
            n++;
        }
        Assert.True(n > lastAcked, $"{context}: batches up to {lastAcked} were acknowledged but only {n} survived");
        long total = 0;
        foreach (var cf in cfs)
        {
            using var it = e.NewIterator(cf);
            for (it.SeekToFirst(); it.Valid; it.Next()) total++;
        }
        Assert.True(total == n * CrashChild.KeysPerBatch, $"{context}: {total} keys present, but the prefix of {n} batches has {n * CrashChild.KeysPerBatch}: a hole");
        return n;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
