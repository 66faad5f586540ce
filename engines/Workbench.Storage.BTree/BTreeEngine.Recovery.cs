using Workbench.Storage.BTree.Checkpoint;
using Workbench.Storage.BTree.Tree;
using Workbench.Storage.BTree.Wal;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Workbench.Storage.Metrics;

namespace Workbench.Storage.BTree;

/// <summary>Open and recovery: the meta pages, creation, and the replay of the logs a checkpoint needs.</summary>
public sealed partial class BTreeEngine
{
    /// <summary>Reads both meta pages; the valid one with the highest checkpoint id wins. Null for a file that never got a meta page.</summary>
    private MetaPage? ReadMeta()
    {
        var buf = new byte[MetaPage.MaxBytes];
        MetaPage? Slot(long offset)
        {
            var n = _pageFile.ReadAt(offset, buf);
            return n == buf.Length ? MetaPage.TryDecode(buf) : null;
        }
        var m0 = Slot(0);
        MetaPage? m1 = null;
        if (m0 is not null) m1 = Slot(m0.PageSize);
        else
            foreach (var size in (ReadOnlySpan<int>)[4096, 8192, 16384])
                if (Slot(size) is { } m && m.PageSize == size)
                {
                    m1 = m;
                    break;
                }
        if (m1 is not null && m1.PageSize != (m0?.PageSize ?? m1.PageSize)) m1 = null;
        var best = m0 is null ? m1 : m1 is null ? m0 : m0.CheckpointId >= m1.CheckpointId ? m0 : m1;
        if (best is not null) return best;
        // No valid meta page. Creation writes and syncs both meta pages before the log accepts a
        // write, so this is an interrupted creation only if the file is no bigger than the two meta
        // pages and no log holds a batch: a log with records means acknowledged writes, and a
        // damaged file, never something to start over from (never delete on doubt).
        var length = _pageFile.Length;
        if (length > 2 * 16384)
            throw new CorruptionException(_pagePath, 0, "neither meta page (page 0 or 1) is valid");
        RefuseLogsWithBatches("neither meta page (page 0 or 1) is valid");
        return null;
    }

    /// <summary>
    /// Before creation starts over: a log that holds a batch record means acknowledged writes whose
    /// page file is damaged or gone, so creation must not erase it.
    /// </summary>
    private void RefuseLogsWithBatches(string what)
    {
        foreach (var name in _fs.ListFiles(_directory))
        {
            if (!WalWriter.TryParseNumber(name, out _)) continue;
            var path = FilePaths.Combine(_directory, name);
            long batches = 0;
            WalReader.Replay(_fs, path, requireHeader: false, (type, _, _) =>
            {
                if (type == WalRecordType.Batch) batches++;
            });
            if (batches > 0)
                throw new CorruptionException(_pagePath, 0,
                    $"{what}, but {name} holds {batches} logged batches: the page file is damaged or missing, not a creation that was interrupted; nothing was deleted (restore {PageFileName} from a backup)");
        }
    }

    /// <summary>
    /// The identity file says a database was created here, yet the page file is missing or empty:
    /// with a log beside it (every checkpoint leaves one, even if it holds only its header) that is
    /// a deleted page file, never a new database. (Only a crash within the first open, after the
    /// identity file and the first log but before the page file was synced, looks the same; nothing
    /// was acknowledged then, and the message says how to start over.)
    /// </summary>
    private void RefuseMissingPageFile()
    {
        foreach (var name in _fs.ListFiles(_directory))
            if (WalWriter.TryParseNumber(name, out _) || name == LogList.FileName)
                throw new CorruptionException(_pagePath, 0,
                    $"{PageFileName} is missing or empty, but the directory holds a btree database ({EngineIdentity.FileName}, {name}): nothing was changed (restore {PageFileName} from a backup; if the database was never written to, remove the directory to start over)");
    }

    private MetaPage InitNew()
    {
        var pageSize = _options.PageSize;
        // The first log exists before the page file has a meta page: a crash in between leaves an empty
        // page file and a log without batches, which start over. A log with batches is never erased.
        RefuseLogsWithBatches(_fs.FileExists(_pagePath) && _fs.GetFileSize(_pagePath) > 0 ? "the page file has no valid meta page" : $"{PageFileName} is missing or empty");
        DeleteLogsBelow(long.MaxValue);
        WalWriter.Create(_fs, _directory, 1, _handleNames).Dispose();
        LogList.Write(_fs, _directory, 1);
        var trees = new List<TreeMeta>(_handleNames.Length);
        foreach (var n in _handleNames) trees.Add(new TreeMeta(n, 0, 0, 0, 0, 0, 0, 0));
        var meta = new MetaPage(1, pageSize, 1, 1, 0, 2, 0, 0, trees);
        _pageFile.Truncate(0);
        _pageFile.Category = WriteCategory.Checkpoint;
        // Both slots get the empty checkpoint (id 0 in page 0, id 1 in page 1; the next checkpoint,
        // id 2, overwrites page 0), so one damaged meta page of a database that never checkpointed
        // falls back to the other copy instead of looking like an interrupted creation.
        _pageFile.WriteAt(0, (meta with { CheckpointId = 0 }).Encode(pageSize));
        _pageFile.WriteAt(pageSize, meta.Encode(pageSize));
        _pageFile.Sync();
        _fs.SyncDirectory(_directory);
        return meta;
    }

    private int TreeIndexFor(string name)
    {
        for (var i = 0; i < _trees.Count; i++)
            if (_trees[i].Name == name) return i;
        _trees.Add(new TreeState(new TreeMeta(name, 0, 0, 0, 0, 0, 0, 0)));
        return _trees.Count - 1;
    }

    /// <summary>
    /// Replays the logs the checkpoint needs — every one from its log number up to the newest the log
    /// list names, each of which must exist — applying batches newer than it. A log numbered above
    /// the newest is the leftover of an interrupted log switch and must hold no batch. Logs below the
    /// checkpoint's are obsolete (the durable checkpoint contains them) and are deleted only after
    /// the replay succeeded. Returns the highest log number present.
    /// </summary>
    private long ReplayLogs(MetaPage meta, out long replayed)
    {
        var numbers = new List<long>();
        foreach (var name in _fs.ListFiles(_directory))
            if (WalWriter.TryParseNumber(name, out var n)) numbers.Add(n);
        numbers.Sort();
        long newest;
        if (meta.FormatVersion < 2 && !_fs.FileExists(FilePaths.Combine(_directory, LogList.FileName)))
        {
            // Written before the log list existed: the directory is all there is to go by (once).
            newest = numbers.Count > 0 ? Math.Max(numbers[^1], meta.WalNumber) : meta.WalNumber;
        }
        else newest = LogList.Read(_fs, _directory);
        var listPath = FilePaths.Combine(_directory, LogList.FileName);
        if (newest < meta.WalNumber)
            throw new CorruptionException(listPath, 16,
                $"{LogList.FileName} names log {newest} as the newest, older than log {meta.WalNumber} checkpoint {meta.CheckpointId} starts from (a stale or damaged log list); nothing was changed");
        for (var n = meta.WalNumber; n <= newest; n++)
            if (numbers.BinarySearch(n) < 0)
                throw new CorruptionException(FilePaths.Combine(_directory, WalWriter.FileName(n)), 0,
                    n == meta.WalNumber
                        ? $"log file needed by checkpoint {meta.CheckpointId} is missing (was the newer meta page damaged after its log was deleted?); nothing was changed"
                        : $"log file {WalWriter.FileName(n)} is missing: {LogList.FileName} names logs {meta.WalNumber}..{newest} as the ones checkpoint {meta.CheckpointId} needs, so its batches would be lost; nothing was changed");
        long count = 0;
        foreach (var n in numbers)
        {
            if (n < meta.WalNumber) continue;
            var path = FilePaths.Combine(_directory, WalWriter.FileName(n));
            if (n > newest)
            {
                long batches = 0;
                WalReader.Replay(_fs, path, requireHeader: false, (type, _, _) =>
                {
                    if (type == WalRecordType.Batch) batches++;
                });
                if (batches > 0)
                    throw new CorruptionException(path, 0,
                        $"{WalWriter.FileName(n)} holds {batches} batches but {LogList.FileName} names logs only up to {newest}: the log list is stale or damaged; nothing was changed");
                continue; // created by a log switch that was cut short before the list named it
            }
            int[]? map = null;
            WalReader.Replay(_fs, path, requireHeader: true, (type, seq, payload) =>
            {
                if (type == WalRecordType.Header)
                {
                    var names = WalReader.DecodeHeader(payload, path);
                    map = new int[names.Count];
                    for (var i = 0; i < names.Count; i++) map[i] = TreeIndexFor(names[i]);
                    return;
                }
                if (map is null) throw new CorruptionException(path, 0, "batch record before the log header");
                if (seq <= _sequence) return;
                ApplyBatch(payload, map);
                _sequence = seq;
                _changedSinceCheckpoint = true;
                count++;
            });
        }
        foreach (var n in numbers)
            if (n < meta.WalNumber) _fs.DeleteFile(FilePaths.Combine(_directory, WalWriter.FileName(n)));
        replayed = count;
        return Math.Max(numbers[^1], newest);
    }
}
