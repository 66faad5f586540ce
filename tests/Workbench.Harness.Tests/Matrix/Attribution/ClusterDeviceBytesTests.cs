using Workbench.Harness.ClusterProcess;

namespace Workbench.Harness.Tests.Matrix.Attribution;

public sealed class ClusterDeviceBytesTests
{
    [Fact]
    public void Reads_write_bytes_of_each_process_and_names_one_it_cannot_read()
    {
        var path = Path.Combine(Path.GetTempPath(), "workbench-clusterio-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var f = File.Create(path))
            {
                f.Write(new byte[1 << 20]);
                f.Flush(flushToDisk: true);
            }
            // A pid that cannot exist (above pid_max's ceiling) stands for a process that is gone.
            var readings = ClusterDeviceBytes.Read([("self", Environment.ProcessId), ("gone", int.MaxValue)]);
            Assert.True(readings[0].WriteBytes >= 1 << 20, $"write_bytes {readings[0].WriteBytes}");
            Assert.Null(readings[1].WriteBytes);
            Assert.Equal(readings[0].WriteBytes, ClusterDeviceBytes.Total(readings));
            var line = ClusterDeviceBytes.Describe(readings);
            Assert.Contains("gone (pid 2147483647) unreadable", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_phase_delta_sums_the_processes_readable_both_times_and_names_the_others()
    {
        var before = new List<ClusterDeviceBytes.ProcessReading> { new("pd", 10, 1000), new("node 1", 11, 5000), new("node 2", 12, null) };
        var after = new List<ClusterDeviceBytes.ProcessReading> { new("pd", 10, 1500), new("node 1", 11, 9096), new("node 2", 12, 7000) };
        var (total, line) = ClusterDeviceBytes.Delta(before, after);
        Assert.Equal(500 + 4096, total);
        Assert.Contains("node 2 unreadable", line, StringComparison.Ordinal);
    }
}
