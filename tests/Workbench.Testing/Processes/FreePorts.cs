using System.Net;
using System.Net.Sockets;

namespace Workbench.Testing.Processes;

/// <summary>
/// Ephemeral loopback ports for tests that must name a port before a server binds it (child
/// processes, configs). The OS picks a free one (port 0); another process may still take it before
/// the test binds, which the tests accept (the window is short; every helper binds 127.0.0.1 only).
/// </summary>
public static class FreePorts
{
    /// <summary>A port that was free on 127.0.0.1 a moment ago.</summary>
    public static int Next()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>A free port not in <paramref name="taken"/>, which it joins (for a cluster that needs several distinct ports at once).</summary>
    public static int Next(ISet<int> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        while (true)
        {
            var port = Next();
            if (taken.Add(port)) return port;
        }
    }
}
