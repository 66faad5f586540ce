using System.Net;
using System.Net.Sockets;
using Workbench.Sql.Execution;

namespace Workbench.Sql.Server;

/// <summary>
/// The MySQL-protocol listener: one <see cref="ClientConnection"/> per accepted socket, each on its
/// own task; a failing connection is closed alone. <see cref="Port"/> is known after <see cref="Start"/>.
/// </summary>
public sealed class SqlServer : IAsyncDisposable
{
    private readonly SqlDatabase _database;
    private readonly SqlServerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly TcpListener _listener;
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private Task? _acceptLoop;
    private uint _nextConnection;

    /// <summary>A server for <paramref name="database"/>, listening where <paramref name="options"/> say once started.</summary>
    public SqlServer(SqlDatabase database, SqlServerOptions options)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _listener = new TcpListener(options.Address, options.Port);
    }

    /// <summary>The port listened on (the chosen one when the options asked for 0); valid after <see cref="Start"/>.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    /// <summary>The database every connection runs statements on.</summary>
    public SqlDatabase Database => _database;

    /// <summary>Called with one line per connection that ended with an error (protocol violations, I/O errors).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Binds the listener and starts accepting connections in the background.</summary>
    public void Start()
    {
        foreach (var db in _options.CreateDatabases)
        {
            if (_database.Catalog.DatabaseExists(db)) continue;
            var session = _database.OpenSession("root", null);
            new Executor(session).ExecuteScript($"CREATE DATABASE IF NOT EXISTS `{db}`", out var error);
            _database.CloseSession(session);
            if (error is not null) throw error;
        }
        _listener.Start(512);
        _acceptLoop = AcceptLoop();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { if (_stop.IsCancellationRequested) return; continue; }
            catch (ObjectDisposedException) { return; }
            socket.NoDelay = true;
            var conn = new ClientConnection(socket, _database, _options, ++_nextConnection) { Log = Log };
            Task task;
            if (_options.ThreadPerConnection)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var token = _stop.Token;
                var thread = new Thread(() =>
                {
                    try { conn.Run(token); done.SetResult(); }
                    catch (Exception e) { done.SetException(e); }
                }) { IsBackground = true, Name = "sql-connection" };
                thread.Start();
                task = done.Task;
            }
            else task = Task.Run(() => conn.RunAsync(_stop.Token));
            lock (_lock)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    /// <summary>Stops accepting, then waits up to 10 s for open connections to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_acceptLoop is not null) await _acceptLoop.ConfigureAwait(false);
        Task[] open;
        lock (_lock) open = [.. _connections];
        try { await Task.WhenAll(open).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); }
        catch (TimeoutException) { }
        _stop.Dispose();
    }
}
