using System.Runtime.InteropServices;
using RocksDbSharp;
using Workbench.Storage.Errors;

namespace Workbench.Storage.RocksDb.Interop;

/// <summary>
/// A RocksDB event listener that only hears background errors (a flush or compaction that failed,
/// e.g. on a full disk) and turns the first I/O error into the engine's write-stop latch.
///
/// Why: RocksDB 11 auto-recovers from a full disk (its SstFileManager polls for free space every
/// 5 s), and while that recovery is in progress a writer that was already waiting in a write stall
/// keeps waiting — a `Put` hangs until space is freed instead of failing. On the first background
/// I/O error this listener records the typed error and, from a pool thread (never from RocksDB's
/// callback thread), calls <c>rocksdb_cancel_all_background_work</c>, which wakes stalled writers
/// with "Shutdown in progress"; the engine reports those as <see cref="EngineWriteStoppedException"/>
/// over the recorded error, and refuses writes until reopened, as for a foreground I/O error.
/// Reads keep working. Callbacks run on RocksDB threads and never throw.
/// </summary>
internal sealed class BackgroundErrorListener
{
    // The callbacks are static so the function pointers handed to RocksDB stay valid for the
    // process's life; the listener instance is found through the GCHandle passed as their state.
    private static readonly Destructor_Delegate DestroyCallback = OnDestroy;
    private static readonly on_flush_begin_cb FlushBegin = static (_, _, _) => { };
    private static readonly on_flush_completed_cb FlushCompleted = static (_, _, _) => { };
    private static readonly on_compaction_begin_cb CompactionBegin = static (_, _, _) => { };
    private static readonly on_compaction_completed_cb CompactionCompleted = static (_, _, _) => { };
    private static readonly on_subcompaction_begin_cb SubcompactionBegin = static (_, _) => { };
    private static readonly on_subcompaction_completed_cb SubcompactionCompleted = static (_, _) => { };
    private static readonly on_external_file_ingested_cb FileIngested = static (_, _, _) => { };
    private static readonly on_background_error_cb BackgroundError = OnBackgroundError;
    private static readonly on_stall_conditions_changed_cb StallChanged = static (_, _) => { };
    private static readonly on_memtable_sealed_cb MemtableSealed = static (_, _) => { };

    private readonly Lock _gate = new(); // orders a pending cancel against Detach
    private volatile Exception? _failure;
    private DbHandle? _db; // under _gate

    /// <summary>The first background I/O error, typed (a <see cref="StorageIOException"/>), or null.</summary>
    public Exception? Failure => _failure;

    /// <summary>Creates the listener and adds it to <paramref name="options"/> (which share ownership with the DBs opened from them).</summary>
    public static BackgroundErrorListener AddTo(DbOptions options)
    {
        var listener = new BackgroundErrorListener();
        var state = GCHandle.ToIntPtr(GCHandle.Alloc(listener)); // freed by RocksDB through OnDestroy
        var n = Native.Instance;
        var native = n.rocksdb_eventlistener_create(state, DestroyCallback, FlushBegin, FlushCompleted, CompactionBegin, CompactionCompleted,
            SubcompactionBegin, SubcompactionCompleted, FileIngested, BackgroundError, StallChanged, MemtableSealed);
        // The options take ownership (a shared_ptr that DBs opened from them copy); rocksdb_eventlistener_destroy
        // would delete it under them, so it is never called: RocksDB frees it with the last owner (OnDestroy).
        n.rocksdb_options_add_eventlistener(options.Handle, native);
        // The engine latches on the first background error and recovers by reopening, so RocksDB's
        // auto-resume of retryable errors would only retry against a latched DB; and a close while
        // that recovery thread runs can wait forever for it (RocksDB's tracker: CloseHelper waiting on
        // recovery_in_prog_; one rocksdb_close hung so in RocksDbDiskFullTests). No resume thread.
        n.rocksdb_options_set_max_bgerror_resume_count(options.Handle, 0);
        return listener;
    }

    /// <summary>The opened DB, whose stalled writers are released on a background I/O error.</summary>
    public void Attach(DbHandle db)
    {
        lock (_gate) _db = db;
        if (_failure is not null) CancelBackgroundWork();
    }

    /// <summary>
    /// Called by the engine's Dispose before it closes the DB: waits for a cancel in progress and
    /// prevents later ones, so no lease of ours defers the close (the DB's LOCK must be released
    /// when Dispose returns, for an immediate reopen).
    /// </summary>
    public void Detach()
    {
        lock (_gate) _db = null;
    }

    private void Record(string status, uint reason)
    {
        if (!status.StartsWith("IO error", StringComparison.Ordinal) || _failure is not null) return;
        _failure = RocksDbStatus.ToException(status, $"background {ReasonName(reason)}");
        CancelBackgroundWork();
    }

    private void CancelBackgroundWork() => ThreadPool.UnsafeQueueUserWorkItem(static self =>
    {
        try
        {
            lock (self._gate)
            {
                if (self._db is not { } db) return; // not open yet (Attach cancels) or closing
                using var d = new HandleLease(db);
                Native.Instance.rocksdb_cancel_all_background_work(d.Pointer, 0); // does not wait for the jobs
            }
        }
        catch (ObjectDisposedException)
        {
            // the engine was closed meanwhile: nothing left to release
        }
    }, this, preferLocal: false);

    private static void OnBackgroundError(nint state, uint reason, nint status)
    {
        try
        {
            Native.Instance.rocksdb_status_ptr_get_error(status, out var err);
            if (err != 0 && GCHandle.FromIntPtr(state).Target is BackgroundErrorListener l) l.Record(RocksDbStatus.TakeString(err) ?? "", reason);
        }
        catch (Exception e)
        {
            // An exception must not unwind into librocksdb.
            Console.Error.WriteLine($"rocksdb background-error listener: {e.Message}");
        }
    }

    private static void OnDestroy(nint state)
    {
        try
        {
            GCHandle.FromIntPtr(state).Free();
        }
        catch (InvalidOperationException)
        {
            // already freed: nothing to do
        }
    }

    /// <summary>rocksdb::BackgroundErrorReason, for the message.</summary>
    private static string ReasonName(uint reason) => reason switch
    {
        0 => "flush",
        1 => "compaction",
        2 => "WAL write",
        3 => "memtable",
        4 => "manifest write",
        5 => "flush (WAL empty)",
        6 => "manifest write (WAL empty)",
        7 => "file open",
        _ => $"job (reason {reason})",
    };
}
