using System.Runtime.InteropServices;

namespace Workbench.Harness.ClusterProcess;

/// <summary>Ends a server process cleanly on SIGTERM or SIGINT (Ctrl-C): the token is cancelled and the verb disposes what it runs.</summary>
internal sealed class ProcessLifetime : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _int;

    public ProcessLifetime()
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    public CancellationToken Stopping => _cts.Token;

    private void OnSignal(PosixSignalContext ctx)
    {
        ctx.Cancel = true;
        _cts.Cancel();
    }

    public void WaitForStop() => _cts.Token.WaitHandle.WaitOne();

    public void Dispose()
    {
        _term.Dispose();
        _int.Dispose();
        _cts.Dispose();
    }
}
