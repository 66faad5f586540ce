using System.Text.Json.Nodes;
using Workbench.Jepsen.History;
using Workbench.Txn.Client;
using Workbench.Txn.Errors;

namespace Workbench.Jepsen.Txn;

/// <summary>
/// Runs one workload operation as one transaction and records it: invoke, then ok (committed),
/// fail (certainly not committed: a conflict, an abort, the workload's own refusal, or any error
/// before the commit began) or info (the commit's outcome is unknown; the process then retires
/// and a new process id takes its place, as in Jepsen). Never retries — unless
/// <see cref="BlindRetry"/> makes it the deliberately broken TiDB-2.1-style client, which
/// re-commits a conflicting transaction's writes in a new transaction without reading again.
/// Thread-safe (each call runs on its caller's thread).
/// </summary>
internal sealed class TxnDriver(TxnClient client, HistoryRecorder history, int clients, bool blindRetry)
{
    private long _blindRetries;
    private long _unknown;

    public TxnClient Client => client;
    public bool BlindRetry => blindRetry;
    public long BlindRetries => Interlocked.Read(ref _blindRetries);
    public long Unknown => Interlocked.Read(ref _unknown);

    /// <summary>Whether the last operation run on this thread committed (final reads retry on it).</summary>
    public bool LastOutcomeOk => _lastOk;

    [ThreadStatic]
    private static bool _lastOk;

    /// <summary>Runs <paramref name="body"/> (which returns the ok value) in a transaction; returns the process id to use next.</summary>
    public int Run(int process, string f, JsonNode? invokeValue, Func<TxnOp, JsonNode?> body)
    {
        history.Invoke(process, f, invokeValue);
        var committing = false;
        _lastOk = false;
        Transaction? t = null;
        try
        {
            t = client.Begin();
            var op = new TxnOp(t);
            var value = body(op);
            committing = true;
            try
            {
                t.Commit();
            }
            catch (WriteConflictException) when (blindRetry && op.Writes.Count > 0)
            {
                ReplayBlindly(op);
            }
            history.Complete(HistoryEventType.Ok, process, f, value);
            _lastOk = true;
            return process;
        }
        catch (OpFailedException e)
        {
            t?.Rollback();
            history.Complete(HistoryEventType.Fail, process, f, invokeValue, e.Reason);
            return process;
        }
        catch (Exception e) when (e is WriteConflictException or AlreadyExistException or TxnAbortedException || !committing)
        {
            t?.Rollback();
            history.Complete(HistoryEventType.Fail, process, f, invokeValue, Describe(e));
            if (e is ServiceUnavailableException) Thread.Sleep(5); // stagger, as a client would after a refused connection
            return process;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _unknown);
            history.Complete(HistoryEventType.Info, process, f, invokeValue, Describe(e));
            return process + clients;
        }
    }

    // TiDB 2.1's automatic retry: the statements' writes are applied again on a fresh snapshot,
    // but the values were computed from the old reads. This is the bug the checkers must catch.
    private void ReplayBlindly(TxnOp failed)
    {
        for (var attempt = 0; ; attempt++)
        {
            Interlocked.Increment(ref _blindRetries);
            using var t = client.Begin();
            foreach (var (k, v, insert) in failed.Writes)
            {
                if (insert) t.Insert(k, v);
                else t.Set(k, v);
            }
            try
            {
                t.Commit();
                return;
            }
            catch (WriteConflictException) when (attempt < 10)
            {
            }
        }
    }

    private static string Describe(Exception e) => e.GetType().Name + ": " + e.Message;
}
