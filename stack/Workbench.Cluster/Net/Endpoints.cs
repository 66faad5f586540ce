using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Workbench.Cluster.Net;

/// <summary>HOST:PORT parsing for the tcp topology (an IP address, or a name resolved once per connect).</summary>
public static class Endpoints
{
    /// <summary>Splits "host:port" at the last colon; false when the port is missing or not in 0–65535.</summary>
    public static bool TrySplit(string address, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrEmpty(address)) return false;
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 0 or > 65535) return false;
        host = address[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    /// <summary>Resolves "host:port" to an endpoint (an IP literal as is, a name by DNS); <see cref="FormatException"/> naming a bad address.</summary>
    public static async Task<IPEndPoint> ResolveAsync(string address)
    {
        if (!TrySplit(address, out var host, out var port)) throw new RpcNotSentException($"'{address}' is not HOST:PORT");
        if (IPAddress.TryParse(host, out var ip)) return new IPEndPoint(ip, port);
        IPAddress[] all;
        try
        {
            all = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new RpcNotSentException($"cannot resolve {host}: {e.Message}", e);
        }
        foreach (var a in all)
            if (a.AddressFamily == AddressFamily.InterNetwork) return new IPEndPoint(a, port);
        if (all.Length == 0) throw new RpcNotSentException($"{host} resolves to no address");
        return new IPEndPoint(all[0], port);
    }

    /// <summary>For listeners: the address must be an IP literal (we bind exactly what the config says).</summary>
    public static IPEndPoint ParseListen(string address)
    {
        if (!TrySplit(address, out var host, out var port)) throw new ArgumentException($"'{address}' is not HOST:PORT");
        if (host == "localhost") return new IPEndPoint(IPAddress.Loopback, port);
        if (!IPAddress.TryParse(host, out var ip)) throw new ArgumentException($"listen address '{address}' must be an IP address");
        return new IPEndPoint(ip, port);
    }
}
