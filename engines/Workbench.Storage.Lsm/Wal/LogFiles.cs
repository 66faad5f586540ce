using Workbench.Storage.FileSystem;
using Workbench.Storage.Log;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Wal;

/// <summary>
/// The WAL files of one engine: the current log, logs closed by a memtable switch and not yet
/// synced, and the numbers of the logs not yet obsolete. Thread rules: <see cref="AddRecord"/>,
/// <see cref="FlushCurrent"/> and <see cref="SyncAll"/> are the write leader's; <see cref="Switch"/>
/// runs under the engine mutex by the leader; <see cref="CurrentNumber"/> and <see cref="DeleteBelow"/>
/// under the engine mutex; <see cref="SyncClosed"/> by the leader or a flush job (serialized by its
/// own lock, taken before the list lock; the engine mutex is never taken inside).
/// </summary>
internal sealed class LogFiles : IDisposable
{
    private readonly CountingFileSystem _fs;
    private readonly string _dir;
    private readonly List<RecordLogWriter> _closed = [];
    private readonly Lock _closedLock = new();
    private readonly Lock _syncLock = new();
    private readonly List<long> _live = [];
    private RecordLogWriter _current;
    private bool _directorySynced;

    public LogFiles(CountingFileSystem fs, string dir, long number, RecordLogWriter current)
    {
        _fs = fs;
        _dir = dir;
        _current = current;
        CurrentNumber = number;
        _live.Add(number);
    }

    /// <summary>The number of the log new writes go to.</summary>
    public long CurrentNumber { get; private set; }

    public void AddRecord(ReadOnlySpan<byte> record) => _current.AddRecord(record);

    /// <summary>Hands the current log's buffered records to the OS (no fsync).</summary>
    public void FlushCurrent() => _current.Flush();

    /// <summary>
    /// Makes everything logged so far durable, as a synced write needs: older logs closed by a
    /// memtable switch first (a synced write must not depend on older, unsynced logs), then the
    /// current log and, once per log, its directory entry (for real file systems).
    /// </summary>
    public void SyncAll()
    {
        SyncClosed();
        _current.Sync();
        if (_directorySynced) return;
        _fs.SyncDirectory(_dir);
        _directorySynced = true;
    }

    /// <summary>
    /// Fsyncs the logs closed by a memtable switch and not yet synced (RocksDB's SyncClosedLogs),
    /// then closes them. Also called by flush jobs before they record a flush.
    /// </summary>
    public void SyncClosed()
    {
        // The sync lock keeps a flush job and the leader from syncing a log the other is closing.
        lock (_syncLock)
        {
            List<RecordLogWriter> toSync;
            lock (_closedLock)
            {
                if (_closed.Count == 0) return;
                toSync = [.. _closed];
            }
            foreach (var w in toSync) w.Sync();
            lock (_closedLock)
            {
                foreach (var w in toSync)
                    if (_closed.Remove(w)) w.Dispose();
            }
        }
    }

    /// <summary>
    /// Starts log <paramref name="number"/> and closes the current one without syncing it (that would
    /// stall the writers for a whole memtable's worth of fsync): <see cref="SyncClosed"/> does later.
    /// </summary>
    public void Switch(long number)
    {
        var file = _fs.CreateFile(FilePaths.Combine(_dir, FileNames.Log(number)), WriteCategory.Wal);
        _current.Flush();
        lock (_closedLock) _closed.Add(_current);
        _current = new RecordLogWriter(file);
        _directorySynced = false;
        CurrentNumber = number;
        _live.Add(number);
    }

    /// <summary>Deletes the logs numbered below <paramref name="min"/> (every entry of theirs is in tables).</summary>
    public void DeleteBelow(long min)
    {
        for (var i = _live.Count - 1; i >= 0; i--)
        {
            if (_live[i] >= min) continue;
            FileDeletion.TryDelete(_fs, FilePaths.Combine(_dir, FileNames.Log(_live[i])));
            _live.RemoveAt(i);
        }
    }

    public void Dispose()
    {
        lock (_closedLock)
        {
            foreach (var w in _closed) w.Dispose();
            _closed.Clear();
        }
        _current.Dispose();
    }
}
