using Workbench.Storage.FileSystem;
using Workbench.Storage.Metrics;
using Workbench.Storage.Proc;

namespace Workbench.Storage.Tests.Proc;

public sealed class ProcessIoTests
{
    private const string Sample = "rchar: 6976\nwchar: 10\nsyscr: 10\nsyscw: 0\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 512\n";

    [Fact]
    public void Parses_the_proc_io_format()
    {
        var io = ProcessIo.Parse(Sample);
        Assert.Equal(new ProcessIo(6976, 10, 4096, 8192, 512), io);
        Assert.Equal(new ProcessIo(0, 0, 0, 8192 - 100, 0), io.Minus(io with { WriteBytes = 100 }) with { ReadChars = 0, WriteChars = 0, ReadBytes = 0, CancelledWriteBytes = 0 });
    }

    [Fact]
    public void A_missing_field_is_named()
    {
        var e = Assert.Throws<FormatException>(() => ProcessIo.Parse("rchar: 1\nwchar: 2\n"));
        Assert.Contains("read_bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writing_and_syncing_a_file_raises_write_bytes_of_this_process()
    {
        Assert.True(ProcessIo.IsSupported, "these tests run on Linux, where /proc/self/io is the device ruler");
        var path = Path.Combine(Path.GetTempPath(), "workbench-procio-" + Guid.NewGuid().ToString("N"));
        try
        {
            var before = ProcessIo.ReadSelf();
            using (var f = LocalFileSystem.Instance.CreateFile(path, WriteCategory.Other))
            {
                f.Append(new byte[4 << 20]);
                f.Sync();
            }
            var delta = ProcessIo.ReadSelf().Minus(before);
            Assert.True(delta.WriteBytes >= 4 << 20, $"write_bytes grew by {delta.WriteBytes}, expected at least 4 MiB");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
