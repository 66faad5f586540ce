using System.Text.Json.Nodes;
using MySqlConnector;
using Workbench.Jepsen.History;
using Workbench.Jepsen.Txn;

namespace Workbench.Jepsen.Sql;

/// <summary>
/// Runs one workload operation as one SQL transaction (BEGIN, the workload's statements, COMMIT)
/// on a client's connection and records it: invoke, then ok (COMMIT answered OK), fail (certainly
/// not committed) or info (unknown). Which failures are certain:
/// <list type="bullet">
/// <item>anything before COMMIT was sent — an error answer, a refused connection, a connection that
/// dropped mid-transaction: the server buffers a transaction's writes until COMMIT (optimistic
/// Percolator) and rolls an open transaction back when its connection ends, so nothing was written;</item>
/// <item>COMMIT answered 1213 (write conflict, transaction aborted: the prewrite failed and was rolled
/// back) or 1062 (duplicate key found by the prewrite);</item>
/// </list>
/// everything else at COMMIT — a dropped connection, a timeout, 1105 (e.g. "commit outcome unknown"),
/// and 1213 for a lock that could not be resolved in time — is info, and the process retires (a new
/// process id takes its place, as in Jepsen). Never retries — unless <see cref="BlindRetry"/> makes
/// it the deliberately broken client: a COMMIT refused with 1213 is followed by a new transaction
/// that re-runs only the operation's write statements, with the values it computed from its old
/// reads (TiDB 2.1's automatic retry). Thread-safe (each call runs on its caller's thread).
/// </summary>
internal sealed class SqlDriver(HistoryRecorder history, int clients, bool blindRetry)
{
    private long _blindRetries;
    private long _unknown;
    private long _conflicts;
    private long _committed;
    private long _connectionErrors;

    public bool BlindRetry => blindRetry;
    public long BlindRetries => Interlocked.Read(ref _blindRetries);
    public long Unknown => Interlocked.Read(ref _unknown);
    public long Conflicts => Interlocked.Read(ref _conflicts);
    public long Committed => Interlocked.Read(ref _committed);
    public long ConnectionErrors => Interlocked.Read(ref _connectionErrors);

    /// <summary>Whether the last operation run on this thread committed (final reads retry on it).</summary>
    public bool LastOutcomeOk => _lastOk;

    [ThreadStatic]
    private static bool _lastOk;

    /// <summary>Runs <paramref name="body"/> (which returns the ok value) in a transaction on <paramref name="client"/>; returns the process id to use next.</summary>
    public int Run(SqlClient client, int process, string f, JsonNode? invokeValue, Func<SqlOp, JsonNode?> body)
    {
        ArgumentNullException.ThrowIfNull(client);
        history.Invoke(process, f, invokeValue);
        var committing = false;
        _lastOk = false;
        SqlOp? op = null;
        try
        {
            var connection = client.Connection();
            op = new SqlOp(connection);
            op.Execute("BEGIN");
            var value = body(op);
            committing = true;
            try
            {
                op.Execute("COMMIT");
            }
            catch (MySqlException e) when (blindRetry && IsConflict(e) && op.Writes.Count > 0)
            {
                ReplayBlindly(connection, op);
            }
            Interlocked.Increment(ref _committed);
            history.Complete(HistoryEventType.Ok, process, f, value);
            _lastOk = true;
            return process;
        }
        catch (OpFailedException e)
        {
            Rollback(client, op);
            history.Complete(HistoryEventType.Fail, process, f, invokeValue, e.Reason);
            return process;
        }
        catch (Exception e) when (IsDatabaseError(e) && (!committing || (e is MySqlException m && (IsConflict(m) || m.ErrorCode == MySqlErrorCode.DuplicateKeyEntry))))
        {
            if (e is MySqlException c && IsConflict(c)) Interlocked.Increment(ref _conflicts);
            if (!IsServerAnswer(e)) Interlocked.Increment(ref _connectionErrors);
            Rollback(client, op);
            history.Complete(HistoryEventType.Fail, process, f, invokeValue, Describe(e));
            if (!IsServerAnswer(e)) Thread.Sleep(op is null ? 50 : 5); // stagger, as a client would after a refused connection (longer when it could not connect at all)
            return process;
        }
        catch (Exception e) when (IsDatabaseError(e))
        {
            Interlocked.Increment(ref _unknown);
            if (!IsServerAnswer(e)) Interlocked.Increment(ref _connectionErrors);
            client.Drop();
            history.Complete(HistoryEventType.Info, process, f, invokeValue, Describe(e));
            return process + clients;
        }
    }

    /// <summary>What talking to the server can throw (an answer, a broken connection, a timeout); anything else is a bug of the workload and ends the run.</summary>
    private static bool IsDatabaseError(Exception e) => e is MySqlException or IOException or System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException;

    /// <summary>1213 (our server's write conflict / aborted transaction), except a lock that stayed unresolved, whose transaction's fate is not known to the client.</summary>
    private static bool IsConflict(MySqlException e) =>
        e.ErrorCode == MySqlErrorCode.LockDeadlock && !e.Message.Contains("lock not resolved", StringComparison.Ordinal);

    /// <summary>An error the server sent (the connection still works), as opposed to a broken or refused connection or a client-side timeout.</summary>
    private static bool IsServerAnswer(Exception e) => e is MySqlException { ErrorCode: not (MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.CommandTimeoutExpired) } m && m.Number != 0;

    // After a failure before or at COMMIT: end the server-side transaction if the connection still
    // works; otherwise drop it (the server rolls back the transaction of a closed connection).
    private static void Rollback(SqlClient client, SqlOp? op)
    {
        if (op is null)
        {
            client.Drop();
            return;
        }
        try
        {
            op.Execute("ROLLBACK");
        }
        catch (Exception e) when (e is MySqlException or InvalidOperationException or IOException)
        {
            client.Drop();
        }
    }

    // TiDB 2.1's automatic retry: the write statements run again in a new transaction, with the
    // values computed from the old reads. This is the bug the checkers must catch.
    private void ReplayBlindly(MySqlConnection connection, SqlOp failed)
    {
        for (var attempt = 0; ; attempt++)
        {
            Interlocked.Increment(ref _blindRetries);
            var op = new SqlOp(connection);
            op.Execute("BEGIN");
            foreach (var (sql, args) in failed.Writes) op.Execute(sql, args);
            try
            {
                op.Execute("COMMIT");
                return;
            }
            catch (MySqlException e) when (IsConflict(e) && attempt < 10)
            {
            }
        }
    }

    private static string Describe(Exception e) => e is MySqlException m && m.Number != 0
        ? $"MySQL {m.Number}: {m.Message}"
        : e.GetType().Name + ": " + e.Message;
}
