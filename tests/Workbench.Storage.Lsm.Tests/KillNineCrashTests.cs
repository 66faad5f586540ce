using System.Globalization;
using Workbench.Storage.Contract;
using Workbench.Storage.Lsm.Tests.Blob;
using Workbench.Testing.Processes;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// Real process crashes: a child process (<see cref="CrashChild"/>) writes batches through the engine
/// on the real file system and is killed with SIGKILL at random moments, many rounds on the same
/// directory. After each kill the database must hold every acknowledged batch (writes reach the OS
/// before they are acknowledged, so a process crash loses none), whole batches only, and no holes.
/// </summary>
public sealed class KillNineCrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lsm-kill9-" + Guid.NewGuid().ToString("N"));

    /// <summary>Titan sized so blob files are cut, garbage builds up and GC runs within a second or two.</summary>
    private static readonly Dictionary<string, string> TitanGcOptions = new(TitanTestEngines.SmallOptions)
    {
        ["min_blob_size"] = "256",
        ["blob_file_target_size"] = "8KB",
        ["blob_file_discardable_ratio"] = "0.2",
        ["merge_small_file_threshold"] = "4KB",
    };

    [Fact]
    [Trait("Category", "Slow")]
    public async Task Killing_the_writer_process_at_random_moments_loses_no_acknowledged_batch_and_never_half_a_batch()
    {
        var rng = new Random(Seed());
        Directory.CreateDirectory(_dir);
        long present = 0;
        const int rounds = 8;
        for (var round = 0; round < rounds; round++)
        {
            var (acked, _) = await RunChildAndKill("lsm", "append", LsmTestEngines.SmallOptions, present, rng.Next(), TimeSpan.FromMilliseconds(rng.Next(50, 700)));
            present = VerifyAppend(acked, $"round {round}");
            output.WriteLine($"round {round}: last acknowledged {acked}, batches present {present}");
        }
        Assert.True(present > rounds, "the child made too little progress for the test to mean anything");
    }

    /// <summary>
    /// Titan with GC running in the child: overwrites of a bounded key set make garbage, so blob files
    /// are rewritten and deleted while the child is killed. Every acknowledged write must read back
    /// its exact value (not a stale one, not a CorruptionException from a BlobIndex pointing at a
    /// missing or wrong record), and the state must be exactly a prefix of the batches.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Killing_the_titan_writer_process_while_blob_GC_runs_loses_no_acknowledged_write_and_leaves_no_dangling_blob_index()
    {
        var rng = new Random(Seed());
        Directory.CreateDirectory(_dir);
        long present = 0;
        long gcRuns = 0;
        const int rounds = 6;
        for (var round = 0; round < rounds; round++)
        {
            var (acked, runs) = await RunChildAndKill("titan", "overwrite", TitanGcOptions, present, rng.Next(), TimeSpan.FromMilliseconds(rng.Next(300, 2500)));
            present = VerifyOverwrite(acked, $"round {round}");
            gcRuns += runs;
            output.WriteLine($"round {round}: last acknowledged {acked}, batches present {present}, GC runs seen in the child {runs}");
        }
        Assert.True(present > 20 * rounds, $"the child made too little progress ({present} batches) for the test to mean anything");
        Assert.True(gcRuns > 0, "blob GC never ran in the child, so the test did not exercise crashes during GC");
    }

    private int Seed() => TestSeed.Fresh(output);

    /// <summary>Returns the last acknowledged batch number and the last GC run count the child reported.</summary>
    private async Task<(long LastAck, long GcRuns)> RunChildAndKill(string engine, string workload, IReadOnlyDictionary<string, string> options, long first, int childSeed, TimeSpan delay)
    {
        var assembly = typeof(CrashChild).Assembly.Location;
        var lineTimeout = TimeSpan.FromMinutes(1);
        using var child = ChildProcess.Start(ChildProcess.DotnetHost(), ["exec", assembly, .. CrashChild.Arguments(engine, workload, _dir, first, childSeed, options)]);
        var lastAck = first - 1;
        long gcRuns = 0;
        await child.WaitForReadyAsync("READY", lineTimeout);
        var reader = Task.Run(async () =>
        {
            string? line;
            while ((line = await child.ReadLineAsync(Timeout.InfiniteTimeSpan)) is not null)
            {
                if (line.StartsWith("ACK ", StringComparison.Ordinal)) Volatile.Write(ref lastAck, long.Parse(line.AsSpan(4), provider: CultureInfo.InvariantCulture));
                else if (line.StartsWith("GC ", StringComparison.Ordinal)) Volatile.Write(ref gcRuns, long.Parse(line.AsSpan(3), provider: CultureInfo.InvariantCulture));
            }
        });
        await Task.Delay(delay); // a random moment to crash at, not a wait for a condition
        var exitedEarly = child.HasExited;
        if (exitedEarly) throw new InvalidOperationException($"child exited before it was killed: {await child.KillAndReadErrorAsync(lineTimeout)}");
        await child.KillAsync(lineTimeout); // SIGKILL
        await reader.WaitAsync(lineTimeout);
        return (Volatile.Read(ref lastAck), Volatile.Read(ref gcRuns));
    }

    /// <summary>Returns the number of batches present; asserts prefix, completeness and that every acknowledged one survived.</summary>
    private long VerifyAppend(long lastAcked, string context)
    {
        using var e = CrashChild.Open("lsm", _dir, LsmTestEngines.SmallOptions);
        var cfs = e.ColumnFamilies;
        long n = 0;
        while (true)
        {
            var present = 0;
            for (var j = 0; j < CrashAppendWorkload.KeysPerBatch; j++)
            {
                var v = e.Get(cfs[j % cfs.Count], CrashAppendWorkload.Key(n, j));
                if (v is null) continue;
                Assert.True(v.AsSpan().SequenceEqual(CrashAppendWorkload.Value(n, j)), $"{context}: batch {n} key {j} has wrong contents");
                present++;
            }
            if (present == 0) break;
            Assert.True(present == CrashAppendWorkload.KeysPerBatch, $"{context}: batch {n} is only partly present ({present} of {CrashAppendWorkload.KeysPerBatch} keys)");
            n++;
        }
        Assert.True(n > lastAcked, $"{context}: batches up to {lastAcked} were acknowledged but only {n} survived");
        long total = 0;
        foreach (var cf in cfs)
        {
            using var it = e.NewIterator(cf);
            for (it.SeekToFirst(); it.Valid; it.Next()) total++;
        }
        Assert.True(total == n * CrashAppendWorkload.KeysPerBatch, $"{context}: {total} keys present, but the prefix of {n} batches has {n * CrashAppendWorkload.KeysPerBatch}: a hole");
        return n;
    }

    /// <summary>
    /// Reads every slot (point reads and a full scan, both resolve blob references), finds the newest
    /// batch N-1 present, and asserts the database is exactly the state after batches 0..N-1 with N
    /// past the last acknowledged batch. Returns N.
    /// </summary>
    private long VerifyOverwrite(long lastAcked, string context)
    {
        using var e = CrashChild.Open("titan", _dir, TitanGcOptions);
        var cfs = e.ColumnFamilies;
        var stored = new long[CrashOverwriteWorkload.Slots];
        long n = 0;
        for (var slot = 0; slot < CrashOverwriteWorkload.Slots; slot++)
        {
            var v = e.Get(cfs[CrashOverwriteWorkload.ColumnFamilyIndex(slot, cfs.Count)], CrashOverwriteWorkload.Key(slot));
            stored[slot] = v is null ? -1 : CrashOverwriteWorkload.BatchOf(v);
            if (v is null) continue;
            Assert.True(stored[slot] >= 0 && v.AsSpan().SequenceEqual(CrashOverwriteWorkload.Value(stored[slot], slot)),
                $"{context}: slot {slot} holds a value that no write produced (claims batch {stored[slot]}, {v.Length} bytes)");
            n = Math.Max(n, stored[slot] + 1);
        }
        Assert.True(n > lastAcked, $"{context}: batches up to {lastAcked} were acknowledged but the newest present is {n - 1}");

        // The expected state after batches 0..n-1: the last writer of each slot.
        var expected = new long[CrashOverwriteWorkload.Slots];
        Array.Fill(expected, -1L);
        for (long b = 0; b < n; b++)
            for (var j = 0; j < CrashOverwriteWorkload.KeysPerBatch; j++)
                expected[CrashOverwriteWorkload.Slot(b, j)] = b;
        for (var slot = 0; slot < CrashOverwriteWorkload.Slots; slot++)
            Assert.True(expected[slot] == stored[slot],
                $"{context}: slot {slot} holds batch {stored[slot]}'s value but after batches 0..{n - 1} it must hold batch {expected[slot]}'s (a stale value, a lost write or half a batch)");

        var scanned = 0;
        foreach (var cf in cfs)
        {
            using var it = e.NewIterator(cf);
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var slot = int.Parse(System.Text.Encoding.ASCII.GetString(it.Key[1..]), CultureInfo.InvariantCulture);
                Assert.True(it.Value.SequenceEqual(CrashOverwriteWorkload.Value(expected[slot], slot)), $"{context}: the scan reads a wrong value for slot {slot}");
                scanned++;
            }
        }
        var written = 0;
        foreach (var b in expected) if (b >= 0) written++;
        Assert.True(scanned == written, $"{context}: the scan found {scanned} keys, but {written} slots were written");
        return n;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
