using MySqlConnector;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// One client's connection to the SQL server, opened on first use and again after it broke (a
/// dropped connection is disposed by <see cref="Drop"/>; the next operation opens a new one, as a
/// Jepsen client reconnects). Belongs to one client thread.
/// </summary>
internal sealed class SqlClient : IDisposable
{
    private readonly Func<MySqlConnection> _create;
    private MySqlConnection? _connection;

    /// <summary>A client of the server at <paramref name="connectionString"/>.</summary>
    public SqlClient(string connectionString)
        : this(() => new MySqlConnection(connectionString))
    {
    }

    /// <summary>A client whose connections <paramref name="create"/> makes (not yet opened); tests pass one that fails.</summary>
    public SqlClient(Func<MySqlConnection> create) => _create = create;

    /// <summary>Connections opened so far (the first and every reconnect).</summary>
    public int Opened { get; private set; }

    public MySqlConnection Connection()
    {
        if (_connection is { State: System.Data.ConnectionState.Open }) return _connection;
        Drop();
        var c = _create();
        try
        {
            c.Open();
        }
        catch
        {
            c.Dispose();
            throw;
        }
        Opened++;
        _connection = c;
        return c;
    }

    /// <summary>Forgets the connection (after an error that may have left it unusable).</summary>
    public void Drop()
    {
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose() => Drop();
}
