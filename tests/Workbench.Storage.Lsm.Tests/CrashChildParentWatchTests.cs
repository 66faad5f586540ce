using Workbench.Testing.Processes;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>
/// A crash child must not outlive its test host: when the parent's end of its stdin closes (the
/// host died), the child stops writing and exits. Before, a test host that crashed mid-test left its
/// child appending synced batches for half an hour (.NET ignores EPIPE on console writes).
/// </summary>
public sealed class CrashChildParentWatchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lsm-parentwatch-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_crash_child_exits_when_its_parent_side_of_stdin_closes()
    {
        Directory.CreateDirectory(_dir);
        var timeout = TimeSpan.FromMinutes(1);
        var assembly = typeof(CrashChild).Assembly.Location;
        using var child = ChildProcess.Start(ChildProcess.DotnetHost(), ["exec", assembly, .. CrashChild.Arguments("lsm", "append", _dir, 0, 1, LsmTestEngines.SmallOptions)]);
        await child.WaitForReadyAsync("READY", timeout);
        var drain = Task.Run(async () =>
        {
            while (await child.ReadLineAsync(Timeout.InfiniteTimeSpan) is not null)
            {
                // keep the pipe flowing so the child is writing, not blocked on a full pipe
            }
        });
        Assert.False(child.HasExited);
        child.CloseInput();
        Assert.Equal(ParentWatch.ParentGoneExitCode, await child.WaitForExitAsync(timeout));
        await drain.WaitAsync(timeout);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
    }
}
