using System.Diagnostics;
using Workbench.Testing.Processes;

namespace Workbench.Cluster.Tests.Kv.MultiProcess;

/// <summary>One `workbench raft-node` child process (started by <see cref="WorkbenchProcess"/>, so it dies with the test host); its output is collected for failure messages.</summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NodeProcess(ulong id, string peers, string dataDir)
    {
        Id = id;
        // Stdin stays open in _process until Dispose; --exit-with-parent ends the node if the test host dies first.
        var psi = WorkbenchProcess.StartInfo(["raft-node", "--id", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--peers", peers, "--data", dataDir, "--tick-ms", "30", "--election-ticks", "10"], exitWithParent: true);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet");
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.Add(e.Data);
            if (e.Data.StartsWith("listening on", StringComparison.Ordinal)) _listening.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_output) _output.Add("err: " + e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public ulong Id { get; }
    public bool HasExited => _process.HasExited;

    public bool WaitListening(TimeSpan timeout) => _listening.Task.Wait(timeout);

    public string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, unsynced state is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
