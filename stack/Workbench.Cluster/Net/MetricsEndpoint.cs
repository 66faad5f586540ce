using Prometheus;

namespace Workbench.Cluster.Net;

/// <summary>prometheus-net's <see cref="MetricServer"/> (HttpListener) serving one registry at http://HOST:PORT/metrics.</summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly MetricServer _server;

    public MetricsEndpoint(CollectorRegistry registry, string statusAddress)
    {
        if (!Endpoints.TrySplit(statusAddress, out var host, out var port) || port == 0) throw new ArgumentException($"status address '{statusAddress}' must be HOST:PORT with a port");
        Port = port;
        _server = new MetricServer(hostname: host, port: port, url: "metrics/", registry: registry);
        try
        {
            _server.Start();
        }
        catch (System.Net.HttpListenerException e)
        {
            throw new IOException($"cannot serve metrics on {statusAddress}: {e.Message}", e);
        }
    }

    public int Port { get; }

    public void Dispose() => _server.Dispose();
}
