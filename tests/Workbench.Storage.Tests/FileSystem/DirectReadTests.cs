using System.Globalization;
using System.Runtime.InteropServices;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Testing.Seeds;

namespace Workbench.Storage.Tests.FileSystem;

/// <summary>
/// <see cref="ReadMode.Direct"/> on the real file system: the descriptor really has O_DIRECT (read
/// from /proc/self/fdinfo, so through the wrappers too), a file system that refuses it falls back to
/// buffered reads and counts it, and concurrent readers each get their own aligned buffer. The
/// byte-level contract (unaligned ranges, the end of the file, a growing file) is in
/// <see cref="FileSystemContractTests"/>.
/// </summary>
public sealed class DirectReadTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "workbench-direct-" + Guid.NewGuid().ToString("N"));

    public DirectReadTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static int ODirect => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x10000 : 0x4000;

    private string WriteFile(string name, byte[] data)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    [Fact]
    public void Direct_mode_opens_with_O_DIRECT_through_the_wrappers_and_buffered_mode_does_not()
    {
        var path = WriteFile("t.sst", new byte[10_000]);
        IFileSystem[] systems = [LocalFileSystem.Instance, new CountingFileSystem(LocalFileSystem.Instance), new FaultInjectingFileSystem(new CountingFileSystem(LocalFileSystem.Instance))];
        foreach (var fs in systems)
        {
            var fallbacks = LocalFileSystem.DirectReadFallbacks;
            using (var direct = fs.OpenRead(path, ReadMode.Direct))
            {
                if (!OperatingSystem.IsLinux())
                {
                    Assert.True(LocalFileSystem.DirectReadFallbacks > fallbacks, "without O_DIRECT the fallback is counted");
                    continue;
                }
                var flags = OpenFlagsOf(path);
                Assert.Single(flags);
                Assert.True((flags[0] & ODirect) != 0, $"{fs.GetType().Name}: the descriptor's flags (octal {Convert.ToString(flags[0], 8)}) lack O_DIRECT");
                Assert.Equal(10_000, direct.ReadAt(0, new byte[12_000]));
            }
            using (fs.OpenRead(path, ReadMode.Buffered))
                if (OperatingSystem.IsLinux()) Assert.True((OpenFlagsOf(path)[0] & ODirect) == 0);
            using (fs.OpenRead(path))
                if (OperatingSystem.IsLinux()) Assert.True((OpenFlagsOf(path)[0] & ODirect) == 0);
        }
    }

    [Fact]
    public void A_file_system_that_refuses_O_DIRECT_is_read_buffered_and_the_fallback_is_counted()
    {
        // procfs refuses O_DIRECT with EINVAL, as tmpfs did before Linux 6.6 (on 6.6+ tmpfs accepts it).
        const string refused = "/proc/version";
        if (!File.Exists(refused)) return; // not Linux: the other test checks that every direct open is a counted fallback
        var before = LocalFileSystem.DirectReadFallbacks;
        using var f = LocalFileSystem.Instance.OpenRead(refused, ReadMode.Direct);
        Assert.True(LocalFileSystem.DirectReadFallbacks > before, "the refused O_DIRECT was not counted");
        var expected = File.ReadAllBytes(refused);
        var buf = new byte[expected.Length + 100];
        Assert.Equal(expected.Length, f.ReadAt(0, buf));
        Assert.Equal(expected, buf.AsSpan(0, expected.Length).ToArray());
        Assert.Equal(expected.Length - 3, f.ReadAt(3, buf)); // unaligned offsets work buffered too
    }

    [Fact]
    public void Concurrent_direct_reads_of_unaligned_ranges_return_the_right_bytes()
    {
        var seed = TestSeed.Fresh(null, "concurrent direct reads");
        var data = new byte[64 * 1024 + 77];
        new Random(seed).NextBytes(data);
        var path = WriteFile("c.blob", data);
        using var f = LocalFileSystem.Instance.OpenRead(path, ReadMode.Direct);
        var failures = 0;
        Parallel.For(0, 4, t =>
        {
            var rng = new Random(seed + t);
            for (var i = 0; i < 200; i++)
            {
                var offset = rng.Next(data.Length);
                var buf = new byte[rng.Next(1, 9000)];
                var n = f.ReadAt(offset, buf);
                if (n != Math.Min(buf.Length, data.Length - offset) || !data.AsSpan(offset, n).SequenceEqual(buf.AsSpan(0, n))) Interlocked.Increment(ref failures);
            }
        });
        Assert.Equal(0, failures);
        // Every read went direct: a refused (misaligned) read would have opened a second, buffered descriptor.
        if (OperatingSystem.IsLinux()) Assert.Equal([ODirect], OpenFlagsOf(path).ConvertAll(x => x & ODirect));
    }

    [Fact]
    public void A_direct_reader_sees_bytes_a_buffered_writer_flushed_but_did_not_sync()
    {
        var path = Path.Combine(_root, "w.log");
        using var w = LocalFileSystem.Instance.CreateFile(path, WriteCategory.Flush);
        w.Append("0123456789"u8);
        w.Flush(); // in the page cache, dirty: O_DIRECT writes the range back before reading it
        using var r = LocalFileSystem.Instance.OpenRead(path, ReadMode.Direct);
        var buf = new byte[4];
        Assert.Equal(4, r.ReadAt(3, buf));
        Assert.Equal("3456"u8.ToArray(), buf);
    }

    /// <summary>The open flags (fdinfo "flags:", octal) of every descriptor of this process open on <paramref name="path"/>.</summary>
    private static List<int> OpenFlagsOf(string path)
    {
        var full = Path.GetFullPath(path);
        var flags = new List<int>();
        foreach (var link in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try { target = new FileInfo(link).LinkTarget; }
            catch (IOException) { continue; } // closed meanwhile
            if (target != full) continue;
            foreach (var line in File.ReadLines("/proc/self/fdinfo/" + Path.GetFileName(link)))
                if (line.StartsWith("flags:", StringComparison.Ordinal))
                    flags.Add(Convert.ToInt32(line["flags:".Length..].Trim(), 8));
        }
        return flags;
    }
}
