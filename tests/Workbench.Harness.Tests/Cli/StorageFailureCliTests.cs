namespace Workbench.Harness.Tests.Cli;

/// <summary>
/// Issue 20 (4, 5, 7): at the CLI a storage failure is one line and exit 1 (the trace only with
/// --verbose); `bench --db` removes only the engine's files and refuses a directory holding others;
/// an absurd --num is refused before anything runs.
/// </summary>
public sealed class StorageFailureCliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "workbench-fail-" + Guid.NewGuid().ToString("N"));

    public StorageFailureCliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args) => WorkbenchProcessTests.Run(args);

    [Fact]
    public void Bench_db_refuses_a_directory_holding_files_no_engine_owns_and_deletes_nothing()
    {
        var notes = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(notes, "keep me");
        var (exit, _, stderr) = Run("bench", "--engine", "lsm", "--db", _dir, "--benchmarks", "fillseq", "--num", "1000");
        Assert.True(exit == 2, $"exit {exit}: {stderr}");
        Assert.Contains("notes.txt", stderr, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(notes));
    }

    [Fact]
    public void Bench_db_starts_a_fill_over_its_own_database_but_refuses_another_engines()
    {
        var (exit, _, stderr) = Run("bench", "--engine", "lsm", "--db", _dir, "--benchmarks", "fillseq", "--num", "2000");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.True(File.Exists(Path.Combine(_dir, "WORKBENCH-ENGINE")));
        (exit, _, stderr) = Run("bench", "--engine", "lsm", "--db", _dir, "--benchmarks", "fillseq", "--num", "2000");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var before = Directory.GetFiles(_dir).Length;
        (exit, _, stderr) = Run("bench", "--engine", "btree", "--db", _dir, "--benchmarks", "fillseq", "--num", "2000");
        Assert.Equal(2, exit);
        Assert.Contains("belongs to engine 'lsm'", stderr, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void Corruption_is_one_line_with_exit_1_and_verbose_adds_the_trace()
    {
        var (exit, _, stderr) = Run("bench", "--engine", "lsm", "--db", _dir, "--benchmarks", "fillrandom", "--num", "20000", "--value-size", "200");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var tables = Directory.GetFiles(_dir, "*.sst");
        Assert.NotEmpty(tables);
        foreach (var t in tables)
        {
            var bytes = File.ReadAllBytes(t);
            for (var i = 0; i < bytes.Length - 100; i += 512) bytes[i] ^= 0x5A;
            File.WriteAllBytes(t, bytes);
        }
        (exit, _, stderr) = Run("bench", "--engine", "lsm", "--db", _dir, "--use-existing-db", "--benchmarks", "readseq", "--num", "20000");
        Assert.True(exit == 1, $"exit {exit}: {stderr}");
        Assert.Contains("corruption", stderr, StringComparison.Ordinal);
        Assert.Contains(".sst", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        (exit, _, stderr) = Run("bench", "--engine", "lsm", "--db", _dir, "--use-existing-db", "--benchmarks", "readseq", "--num", "20000", "--verbose");
        Assert.Equal(1, exit);
        Assert.Contains("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_absurd_num_is_refused_before_anything_runs()
    {
        var (exit, _, stderr) = Run("bench", "--engine", "memory", "--num", "1000000000000000000");
        Assert.Equal(2, exit);
        Assert.Contains("--num 1000000000000000000 is too large", stderr, StringComparison.Ordinal);
    }
}
