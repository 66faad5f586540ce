using System.Globalization;

namespace Workbench.Jepsen.Sql;

/// <summary>The connection string every Jepsen SQL client uses.</summary>
internal static class SqlConnectionString
{
    /// <summary>
    /// Root without a password on 127.0.0.1:<paramref name="port"/>, database <paramref name="database"/>.
    /// No pooling (a pooled connection to a killed server would fail the next operation for no
    /// reason of its own); short connect timeout so a client notices a dead server quickly; a
    /// command timeout above the server's own backoff budget, so most slow statements end with the
    /// server's answer rather than a client-side timeout of unknown outcome; on timeout the socket is
    /// closed (CancellationTimeout=-1: no KILL QUERY, which our server does not implement).
    /// </summary>
    public static string For(int port, string database) => string.Create(CultureInfo.InvariantCulture,
        $"Server=127.0.0.1;Port={port};User ID=root;Password=;Database={database};SslMode=None;Pooling=false;ConnectionTimeout=3;DefaultCommandTimeout=30;CancellationTimeout=-1");
}
