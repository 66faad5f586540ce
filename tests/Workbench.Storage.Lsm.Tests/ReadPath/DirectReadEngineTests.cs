using System.Collections.Concurrent;
using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Blob;
using Workbench.Storage.Lsm.Tests.Blob;
using Workbench.Testing.FileSystems;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests.ReadPath;

/// <summary>"lsm" with use_direct_reads on a real directory passes the core and persistence suites (O_DIRECT table reads, compaction inputs included).</summary>
public sealed class LsmDirectReadConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        LsmTestEngines.Open(fileSystem, directory, columnFamilies, new() { ["use_direct_reads"] = "true" });
}

/// <summary>"titan" with use_direct_reads and every value separated, on a real directory: tables and blob files read with O_DIRECT.</summary>
public sealed class TitanDirectReadConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        TitanTestEngines.Open(fileSystem, directory, columnFamilies, new() { ["min_blob_size"] = "1", ["use_direct_reads"] = "true" });
}

/// <summary>use_direct_reads decides how table and blob files are opened, and nothing else is opened direct.</summary>
public sealed class DirectReadEngineTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-lsm-direct-" + Guid.NewGuid().ToString("N"));

    public DirectReadEngineTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    /// <summary>Records the read mode of every file opened for reading.</summary>
    private sealed class RecordingFileSystem(IFileSystem inner) : WrappingFileSystem(inner)
    {
        public ConcurrentQueue<(string Name, ReadMode Mode)> Opens { get; } = new();

        public override IReadableFile OpenRead(string path) => OpenRead(path, ReadMode.Buffered);

        public override IReadableFile OpenRead(string path, ReadMode mode)
        {
            Opens.Enqueue((Path.GetFileName(path), mode));
            return base.OpenRead(path, mode);
        }
    }

    private static byte[] Key(int i) => System.Text.Encoding.ASCII.GetBytes($"key{i:D6}");

    private static byte[] Value(int i) => System.Text.Encoding.ASCII.GetBytes(new string((char)('a' + (i % 26)), 100 + (i % 300)));

    /// <summary>Writes, flushes and compacts, reopens, then reads every key by get and by a scan; returns the opens seen.</summary>
    private List<(string Name, ReadMode Mode)> RoundTrip(Func<IFileSystem, string, IKvEngine> open)
    {
        var fs = new RecordingFileSystem(LocalFileSystem.Instance);
        var dir = Path.Combine(_root, "db");
        const int n = 3000;
        using (var e = open(fs, dir))
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < n; i++) e.Put(cf, Key(i), Value(i));
            e.Flush();
            for (var i = 0; i < n; i += 3) e.Delete(cf, Key(i));
            e.Flush();
        }
        using (var e = open(fs, dir))
        {
            var cf = e.DefaultColumnFamily();
            for (var i = 0; i < n; i++) Assert.Equal(i % 3 == 0 ? null : Value(i), e.Get(cf, Key(i)));
            using var it = e.NewIterator(cf, ReadOptions.Default);
            it.SeekToFirst();
            var expected = 1; // the live keys: i % 3 != 0
            var seen = 0;
            for (; it.Valid; it.Next(), seen++)
            {
                Assert.Equal(Key(expected), it.Key.ToArray());
                Assert.Equal(Value(expected), it.Value.ToArray());
                expected += expected % 3 == 1 ? 1 : 2;
            }
            Assert.Equal(n - (n + 2) / 3, seen);
        }
        return [.. fs.Opens];
    }

    private static void AssertModes(List<(string Name, ReadMode Mode)> opens, string suffix, ReadMode mode)
    {
        var files = opens.FindAll(o => o.Name.EndsWith(suffix, StringComparison.Ordinal));
        Assert.NotEmpty(files);
        Assert.All(files, o => Assert.Equal(mode, o.Mode));
        // The WAL, MANIFEST, CURRENT, identity and blob manifest are read once at open: always buffered.
        Assert.All(opens.FindAll(o => !o.Name.EndsWith(".sst", StringComparison.Ordinal) && !o.Name.EndsWith(".blob", StringComparison.Ordinal)),
            o => Assert.Equal(ReadMode.Buffered, o.Mode));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Lsm_opens_its_tables_in_the_mode_use_direct_reads_says_and_reads_them_back_after_reopen(bool direct)
    {
        var opens = RoundTrip((fs, dir) => LsmTestEngines.Open(fs, dir, overrides: new() { ["use_direct_reads"] = direct ? "true" : "false" }));
        AssertModes(opens, ".sst", direct ? ReadMode.Direct : ReadMode.Buffered);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Titan_opens_its_tables_and_blob_files_in_the_mode_use_direct_reads_says(bool direct)
    {
        var opens = RoundTrip((fs, dir) => TitanTestEngines.Open(fs, dir, overrides: new() { ["min_blob_size"] = "64", ["use_direct_reads"] = direct ? "true" : "false" }));
        var mode = direct ? ReadMode.Direct : ReadMode.Buffered;
        AssertModes(opens, ".sst", mode);
        AssertModes(opens, BlobFileFormat.FileName(1)[^5..], mode);
    }
}
