using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Workbench.Sql.Ast;
using Workbench.Sql.Execution;
using Workbench.Sql.Parsing;
using Workbench.Sql.Protocol;

namespace Workbench.Sql.Server;

/// <summary>
/// One client connection: handshake v10 and mysql_native_password login (an auth switch when the
/// client asked for another plugin), then the command loop. Result sets end with classic EOF
/// packets unless the client set DEPRECATE_EOF. A malformed packet gets an ERR and the connection
/// closes; a failing statement gets an ERR and the connection goes on.
/// </summary>
internal sealed class ClientConnection(Socket socket, SqlDatabase database, SqlServerOptions options, uint id)
{
    private const Capabilities ServerCaps = Capabilities.LongPassword | Capabilities.FoundRows | Capabilities.LongFlag | Capabilities.ConnectWithDb
        | Capabilities.NoSchema | Capabilities.Protocol41 | Capabilities.Transactions | Capabilities.SecureConnection | Capabilities.MultiStatements
        | Capabilities.MultiResults | Capabilities.PsMultiResults | Capabilities.PluginAuth | Capabilities.ConnectAttrs | Capabilities.PluginAuthLenencData
        | Capabilities.DeprecateEof;

    private readonly PayloadWriter _w = new();
    private readonly Dictionary<uint, PreparedStatement> _statements = [];
    private PacketChannel _channel = null!;
    private Session? _session;
    private Executor? _executor;
    private Capabilities _clientCaps;
    private uint _nextStatement;

    public Action<string>? Log { get; init; }

    private bool DeprecateEof => (_clientCaps & Capabilities.DeprecateEof) != 0;

    /// <summary>Serves the connection on the calling thread with blocking socket calls (thread per connection, as MySQL); <paramref name="ct"/> closes the socket to end it.</summary>
    public void Run(CancellationToken ct)
    {
        using var unblock = ct.Register(() => socket.Dispose());
        RunAsync(ct, blocking: true).GetAwaiter().GetResult();
    }

    public Task RunAsync(CancellationToken ct) => RunAsync(ct, blocking: false);

    private async Task RunAsync(CancellationToken ct, bool blocking)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        _channel = new PacketChannel(stream, options.MaxPacketBytes, blocking);
        try
        {
            if (!await LoginAsync(ct).ConfigureAwait(false)) return;
            while (!ct.IsCancellationRequested)
            {
                _channel.Sequence = 0;
                var packet = await _channel.ReadAsync(ct).ConfigureAwait(false);
                if (packet is null) return;
                if (!await CommandAsync(packet, ct).ConfigureAwait(false)) return;
                await _channel.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (ProtocolException e)
        {
            Log?.Invoke($"connection {id}: {e.Message}; closing it");
            try
            {
                Send(w => ErrPacket.Write(w, 1156, "08S01", "Got packets out of order or malformed: " + e.Message));
                await _channel.FlushAsync(ct).ConfigureAwait(false);
            }
            catch (IOException) { }
            catch (SocketException) { }
        }
        catch (IOException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) when (ct.IsCancellationRequested) { }
        catch (OperationCanceledException) { }
        finally
        {
            if (_session is not null) database.CloseSession(_session);
        }
    }

    private void Send(Action<PayloadWriter> build)
    {
        _w.Reset();
        build(_w);
        _channel.Write(_w.Span);
    }

    private ServerStatus Status(bool more = false)
    {
        var s = ServerStatus.None;
        if (_session is null || _session.Autocommit) s |= ServerStatus.Autocommit;
        if (_session?.InTransaction == true) s |= ServerStatus.InTransaction;
        if (more) s |= ServerStatus.MoreResultsExist;
        return s;
    }

    private void SendOk(ulong affected = 0, ulong lastId = 0, string info = "", bool more = false) =>
        Send(w => OkPacket.Write(w, affected, lastId, Status(more), (ushort)Math.Min(ushort.MaxValue, _session?.Warnings.Count ?? 0), info));

    private void SendError(int code, string state, string message) => Send(w => ErrPacket.Write(w, code, state, message));

    private void SendEof(bool more = false) => Send(w => EofPacket.Write(w, (ushort)Math.Min(ushort.MaxValue, _session?.Warnings.Count ?? 0), Status(more)));

    private async Task<bool> LoginAsync(CancellationToken ct)
    {
        var scramble = new byte[20];
        RandomNumberGenerator.Fill(scramble);
        // The scramble must not contain NUL (it is sent NUL-terminated); keep it printable as MySQL does.
        for (int i = 0; i < scramble.Length; i++) scramble[i] = (byte)(33 + scramble[i] % 94);
        _channel.Sequence = 0;
        Send(w => HandshakeV10.Write(w, SqlDatabase.ServerVersion, id, scramble, ServerCaps));
        await _channel.FlushAsync(ct).ConfigureAwait(false);
        var payload = await _channel.ReadAsync(ct).ConfigureAwait(false);
        if (payload is null) return false;
        var hello = HandshakeResponse41.Parse(payload);
        if (hello.WantsSsl)
        {
            SendError(1043, "08S01", "SSL is not supported by this server; connect without TLS (e.g. --ssl-mode=DISABLED)");
            await _channel.FlushAsync(ct).ConfigureAwait(false);
            return false;
        }
        _clientCaps = hello.Capabilities & ServerCaps;
        var token = hello.AuthToken;
        if (hello.AuthPlugin is { } plugin && plugin != NativePassword.PluginName && plugin.Length > 0)
        {
            // Ask the client to answer our scramble with mysql_native_password instead.
            Send(w => w.Byte(0xFE).NulString(NativePassword.PluginName).Bytes(scramble).Byte(0));
            await _channel.FlushAsync(ct).ConfigureAwait(false);
            token = await _channel.ReadAsync(ct).ConfigureAwait(false) ?? [];
        }
        SqlUser? user = null;
        foreach (var u in options.Users) if (u.Name == hello.User) user = u;
        if (user is null || !NativePassword.Verify(user.Password, scramble, token))
        {
            SendError(1045, "28000", $"Access denied for user '{hello.User}'@'127.0.0.1' (using password: {(token.Length > 0 ? "YES" : "NO")})");
            await _channel.FlushAsync(ct).ConfigureAwait(false);
            return false;
        }
        string? db = hello.Database ?? user.Database;
        if (db is not null)
        {
            var canonical = database.Catalog.CanonicalDatabaseName(db);
            if (canonical is null)
            {
                if (hello.Database is not null)
                {
                    SendError(1049, "42000", $"Unknown database '{db}'");
                    await _channel.FlushAsync(ct).ConfigureAwait(false);
                    return false;
                }
            }
            db = canonical;
        }
        _session = database.OpenSession(user.Name, db);
        _session.ClientFoundRows = (_clientCaps & Capabilities.FoundRows) != 0;
        _executor = new Executor(_session);
        SendOk();
        await _channel.FlushAsync(ct).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> CommandAsync(byte[] packet, CancellationToken ct)
    {
        if (packet.Length == 0) throw new ProtocolException("empty command packet");
        var cmd = (CommandCode)packet[0];
        var body = packet.AsSpan(1);
        switch (cmd)
        {
            case CommandCode.Quit:
                return false;
            case CommandCode.Ping:
                SendOk();
                return true;
            case CommandCode.Query:
                await QueryAsync(Encoding.UTF8.GetString(body), ct).ConfigureAwait(false);
                return true;
            case CommandCode.InitDb:
            {
                var name = Encoding.UTF8.GetString(body);
                var canonical = database.Catalog.CanonicalDatabaseName(name);
                if (canonical is null) SendError(1049, "42000", $"Unknown database '{name}'");
                else { _session!.CurrentDatabase = canonical; SendOk(); }
                return true;
            }
            case CommandCode.FieldList:
                FieldList(body);
                return true;
            case CommandCode.Statistics:
            {
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"Uptime: {database.UptimeSeconds}  Threads: {database.OpenSessions}  Questions: {database.Questions}  Slow queries: 0  Opens: 0  Open tables: 0  Queries per second avg: {(database.UptimeSeconds == 0 ? 0 : (double)database.Questions / database.UptimeSeconds):F3}");
                Send(w => w.RawString(text));
                return true;
            }
            case CommandCode.ResetConnection:
                _session!.Transaction?.Rollback();
                _session.Transaction = null;
                _session.UserVariables.Clear();
                _session.SessionVariables.Clear();
                _session.Warnings.Clear();
                _session.Autocommit = true;
                _statements.Clear();
                SendOk();
                return true;
            case CommandCode.SetOption:
                SendEof();
                return true;
            case CommandCode.StmtPrepare:
                Prepare(Encoding.UTF8.GetString(body));
                return true;
            case CommandCode.StmtExecute:
                Execute(body);
                return true;
            case CommandCode.StmtSendLongData:
            {
                if (body.Length < 6) throw new ProtocolException("COM_STMT_SEND_LONG_DATA too short");
                uint sid = BitConverter.ToUInt32(body);
                int param = BitConverter.ToUInt16(body[4..]);
                if (_statements.TryGetValue(sid, out var ps) && param < ps.ParameterCount)
                {
                    var old = ps.LongData.TryGetValue(param, out var b) ? b : [];
                    ps.LongData[param] = [.. old, .. body[6..]];
                }
                return true; // no response, as MySQL
            }
            case CommandCode.StmtClose:
                if (body.Length < 4) throw new ProtocolException("COM_STMT_CLOSE too short");
                _statements.Remove(BitConverter.ToUInt32(body));
                return true; // no response
            case CommandCode.StmtReset:
            {
                if (body.Length < 4) throw new ProtocolException("COM_STMT_RESET too short");
                if (_statements.TryGetValue(BitConverter.ToUInt32(body), out var ps)) { ps.LongData.Clear(); SendOk(); }
                else SendError(1243, "HY000", "Unknown prepared statement handler given to mysqld_stmt_reset");
                return true;
            }
            default:
                SendError(1047, "08S01", $"Unknown command 0x{(byte)cmd:X2}");
                return true;
        }
    }

    private async Task QueryAsync(string sql, CancellationToken ct)
    {
        var results = _executor!.ExecuteScript(sql, out var error);
        for (int i = 0; i < results.Count; i++)
        {
            bool more = i < results.Count - 1 || error is not null;
            WriteResult(results[i], binary: false, more);
            if (more) await _channel.FlushAsync(ct).ConfigureAwait(false);
        }
        if (error is not null) SendError(error.Code, error.SqlState, error.Message);
    }

    private void WriteResult(QueryResult r, bool binary, bool more)
    {
        if (!r.IsResultSet)
        {
            SendOk((ulong)r.AffectedRows, (ulong)r.LastInsertId, r.Info, more);
            return;
        }
        var cols = r.Columns!;
        Send(w => w.LenEncInt((ulong)cols.Count));
        foreach (var c in cols) Send(w => ColumnDefinition41.Write(w, c));
        if (!DeprecateEof) SendEof();
        foreach (var row in r.Rows)
        {
            if (binary) Send(w => BinaryRow.Write(w, cols, row));
            else Send(w => TextRow.Write(w, cols, row));
        }
        if (DeprecateEof) Send(w => OkPacket.Write(w, 0, 0, Status(more), (ushort)(_session?.Warnings.Count ?? 0), "", eofHeader: true));
        else SendEof(more);
    }

    private void FieldList(ReadOnlySpan<byte> body)
    {
        int nul = body.IndexOf((byte)0);
        string table = Encoding.UTF8.GetString(nul < 0 ? body : body[..nul]);
        var db = _session!.CurrentDatabase;
        var t = db is null ? null : database.Catalog.FindTable(db, table);
        if (t is null)
        {
            if (db is null) SendError(1046, "3D000", "No database selected");
            else SendError(1146, "42S02", $"Table '{db}.{table}' doesn't exist");
            return;
        }
        foreach (var c in t.Columns) Send(w => ColumnDefinition41.Write(w, Executor.ColumnOf(t, c) with { Database = db! }, fieldList: true));
        SendEof();
    }

    private void Prepare(string sql)
    {
        Statement statement;
        int parameters;
        IReadOnlyList<ResultColumn>? columns;
        try
        {
            statement = Parser.ParseSingle(sql, out parameters);
            columns = _executor!.DescribeColumns(statement);
        }
        catch (SqlException e)
        {
            SendError(e.Code, e.SqlState, e.Message);
            return;
        }
        var ps = new PreparedStatement(++_nextStatement, statement, parameters, columns);
        _statements[ps.Id] = ps;
        Send(w => StmtPrepareOk.Write(w, ps.Id, (ushort)(columns?.Count ?? 0), (ushort)parameters));
        if (parameters > 0)
        {
            var p = new ResultColumn("?", ColumnType.VarString, 0, ColumnFlags.Binary);
            for (int i = 0; i < parameters; i++) Send(w => ColumnDefinition41.Write(w, p));
            if (!DeprecateEof) SendEof();
        }
        if (columns is { Count: > 0 })
        {
            foreach (var c in columns) Send(w => ColumnDefinition41.Write(w, c));
            if (!DeprecateEof) SendEof();
        }
    }

    private void Execute(ReadOnlySpan<byte> body)
    {
        uint sid = StmtExecuteRequest.ReadStatementId(body);
        if (!_statements.TryGetValue(sid, out var ps))
        {
            SendError(1243, "HY000", $"Unknown prepared statement handler ({sid}) given to mysqld_stmt_execute");
            return;
        }
        var values = StmtExecuteRequest.ReadParameters(body, ps.ParameterCount, ps.ParameterTypes, ps.LongData);
        ps.LongData.Clear();
        try
        {
            var r = _executor!.Execute(ps.Statement, values);
            WriteResult(r, binary: true, more: false);
        }
        catch (SqlException e)
        {
            SendError(e.Code, e.SqlState, e.Message);
        }
    }
}
