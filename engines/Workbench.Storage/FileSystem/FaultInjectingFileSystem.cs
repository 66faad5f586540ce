using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// Wraps a file system to (1) fail the n-th operation of a kind, once or from then on (e.g. a full
/// disk), and (2) simulate a machine crash: <see cref="SimulateCrash"/> drops every byte not yet
/// synced and every file whose creation was not yet made durable, following the model of
/// <see cref="IFileSystem"/> (creation durable once the file or its directory is synced; renames
/// and deletes durable at once). Handles opened before a crash throw afterwards, as a dead process
/// would never use them again.
///
/// How unsynced bytes are dropped: each file remembers its length at the last sync and an undo log
/// of the old bytes that positional writes (or truncations) overwrote since; a crash replays the
/// undo log backwards, then truncates to the synced length. Thread-safe (one lock for the model).
/// </summary>
public sealed class FaultInjectingFileSystem : IFileSystem
{
    private readonly IFileSystem _inner;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, FileState> _states = new(StringComparer.Ordinal);
    private readonly List<FaultRule> _rules = [];
    private readonly long[] _operationCounts = new long[Enum.GetValues<FaultKind>().Length];
    private int _epoch;

    /// <summary>Passes operations to <paramref name="inner"/> until a rule fails them, and tracks unsynced state for crash simulation.</summary>
    public FaultInjectingFileSystem(IFileSystem inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    /// <summary>Number of crashes simulated so far.</summary>
    public int Crashes => Volatile.Read(ref _epoch);

    /// <summary>Operations of a kind seen so far (including failed ones).</summary>
    public long OperationCount(FaultKind kind) => Interlocked.Read(ref _operationCounts[(int)kind]);

    /// <summary>
    /// Makes the <paramref name="nth"/> next operation of <paramref name="kind"/> (1 = the very next)
    /// throw an <see cref="IOException"/>; with <paramref name="sticky"/> every later one fails too.
    /// <paramref name="pathContains"/> restricts the rule to paths containing that text.
    /// </summary>
    public void FailNth(FaultKind kind, int nth, bool sticky = false, string? pathContains = null, string message = "injected I/O error")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nth, 1);
        lock (_lock) _rules.Add(new FaultRule(kind, nth, sticky, pathContains, message));
    }

    /// <summary>From now on every write fails with ENOSPC's message, as on a full disk.</summary>
    public void SimulateDiskFull() => FailNth(FaultKind.Write, 1, sticky: true, message: "No space left on device");

    /// <summary>Removes every fault rule (sticky ones included); crash-tracking state is kept.</summary>
    public void ClearFaults()
    {
        lock (_lock) _rules.Clear();
    }

    /// <summary>
    /// Simulates a machine crash: unsynced bytes and non-durable file creations vanish, fault rules
    /// are cleared, and every handle opened before now becomes unusable.
    /// </summary>
    public void SimulateCrash()
    {
        lock (_lock)
        {
            _epoch++;
            _rules.Clear();
            foreach (var (path, state) in _states)
            {
                if (state.CreationPending)
                {
                    _inner.DeleteFile(path);
                    continue;
                }
                if (!_inner.FileExists(path)) continue;
                using var f = _inner.OpenWritable(path, WriteCategory.Other);
                for (var i = state.Undo.Count - 1; i >= 0; i--) f.WriteAt(state.Undo[i].Offset, state.Undo[i].OldBytes);
                f.Truncate(state.SyncedLength);
            }
            _states.Clear();
        }
    }

    /// <inheritdoc/>
    public IWritableFile CreateFile(string path, WriteCategory category)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            Check(FaultKind.Create, p);
            var existed = _inner.FileExists(p);
            var inner = _inner.CreateFile(p, category);
            var state = new FileState { SyncedLength = 0, CreationPending = !existed };
            if (existed && _states.TryGetValue(p, out var old)) state.CreationPending = old.CreationPending;
            _states[p] = state;
            return new FaultFile(this, inner, state, _epoch);
        }
    }

    /// <inheritdoc/>
    public IWritableFile OpenWritable(string path, WriteCategory category)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            Check(FaultKind.Create, p);
            var existed = _inner.FileExists(p);
            var inner = _inner.OpenWritable(p, category);
            if (!_states.TryGetValue(p, out var state))
            {
                state = new FileState { SyncedLength = existed ? inner.Length : 0, CreationPending = !existed };
                _states[p] = state;
            }
            return new FaultFile(this, inner, state, _epoch);
        }
    }

    /// <inheritdoc/>
    public IReadableFile OpenRead(string path) => OpenRead(path, ReadMode.Buffered);

    /// <inheritdoc/>
    public IReadableFile OpenRead(string path, ReadMode mode)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            Check(FaultKind.Open, p);
            return new FaultReadableFile(this, _inner.OpenRead(p, mode), _epoch);
        }
    }

    /// <inheritdoc/>
    public bool FileExists(string path) => _inner.FileExists(path);
    /// <inheritdoc/>
    public long GetFileSize(string path) => _inner.GetFileSize(path);

    /// <inheritdoc/>
    public void DeleteFile(string path)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            Check(FaultKind.Delete, p);
            _inner.DeleteFile(p);
            _states.Remove(p);
        }
    }

    /// <inheritdoc/>
    public void RenameFile(string source, string destination)
    {
        var s = FilePaths.Normalize(source);
        var d = FilePaths.Normalize(destination);
        lock (_lock)
        {
            Check(FaultKind.Rename, s);
            _inner.RenameFile(s, d);
            _states.Remove(d);
            if (_states.Remove(s, out var state)) _states[d] = state;
        }
    }

    /// <inheritdoc/>
    public void CreateDirectory(string path) => _inner.CreateDirectory(path);
    /// <inheritdoc/>
    public bool DirectoryExists(string path) => _inner.DirectoryExists(path);
    /// <inheritdoc/>
    public IReadOnlyList<string> ListFiles(string directory) => _inner.ListFiles(directory);

    /// <inheritdoc/>
    public void SyncDirectory(string directory)
    {
        var dir = FilePaths.Normalize(directory);
        lock (_lock)
        {
            Check(FaultKind.Sync, dir);
            _inner.SyncDirectory(dir);
            foreach (var (path, state) in _states)
                if (FilePaths.DirectoryOf(path) == dir) state.CreationPending = false;
        }
    }

    /// <inheritdoc/>
    public void DeleteDirectory(string path)
    {
        var p = FilePaths.Normalize(path);
        lock (_lock)
        {
            _inner.DeleteDirectory(p);
            foreach (var key in _states.Keys.Where(k => k.StartsWith(p + "/", StringComparison.Ordinal)).ToList()) _states.Remove(key);
        }
    }

    /// <summary>Counts the operation and throws when a rule says it fails. Caller holds the lock.</summary>
    private void Check(FaultKind kind, string path)
    {
        _operationCounts[(int)kind]++;
        for (var i = 0; i < _rules.Count; i++)
        {
            var r = _rules[i];
            if (r.Kind != kind || (r.PathContains is not null && !path.Contains(r.PathContains, StringComparison.Ordinal))) continue;
            if (r.Remaining > 1)
            {
                r.Remaining--;
                continue;
            }
            if (!r.Sticky) _rules.RemoveAt(i);
            throw new IOException($"{r.Message} ({kind} of {path})");
        }
    }

    private void CheckEpoch(int epoch, string path)
    {
        if (epoch != _epoch) throw new IOException($"{path}: handle opened before a simulated crash");
    }

    private sealed class FaultRule(FaultKind kind, int nth, bool sticky, string? pathContains, string message)
    {
        public FaultKind Kind { get; } = kind;
        public int Remaining { get; set; } = nth;
        public bool Sticky { get; } = sticky;
        public string? PathContains { get; } = pathContains;
        public string Message { get; } = message;
    }

    private sealed class FileState
    {
        public long SyncedLength { get; set; }
        public bool CreationPending { get; set; }
        public List<(long Offset, byte[] OldBytes)> Undo { get; } = [];
    }

    private sealed class FaultReadableFile(FaultInjectingFileSystem fs, IReadableFile inner, int epoch) : IReadableFile
    {
        public string Path => inner.Path;
        public long Length => inner.Length;

        public int ReadAt(long offset, Span<byte> buffer)
        {
            lock (fs._lock)
            {
                fs.CheckEpoch(epoch, inner.Path);
                fs.Check(FaultKind.Read, inner.Path);
            }
            return inner.ReadAt(offset, buffer);
        }

        public void Dispose() => inner.Dispose();
    }

    private sealed class FaultFile(FaultInjectingFileSystem fs, IWritableFile inner, FileState state, int epoch) : IWritableFile
    {
        public string Path => inner.Path;
        public long Length => inner.Length;

        public WriteCategory Category
        {
            get => inner.Category;
            set => inner.Category = value;
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            lock (fs._lock)
            {
                fs.CheckEpoch(epoch, Path);
                fs.Check(FaultKind.Write, Path);
                inner.Append(data);
            }
        }

        public void WriteAt(long offset, ReadOnlySpan<byte> data)
        {
            lock (fs._lock)
            {
                fs.CheckEpoch(epoch, Path);
                fs.Check(FaultKind.Write, Path);
                RememberOverwritten(offset, data.Length);
                inner.WriteAt(offset, data);
            }
        }

        public int ReadAt(long offset, Span<byte> buffer)
        {
            lock (fs._lock)
            {
                fs.CheckEpoch(epoch, Path);
                fs.Check(FaultKind.Read, Path);
                return inner.ReadAt(offset, buffer);
            }
        }

        public void Flush()
        {
            lock (fs._lock)
            {
                fs.CheckEpoch(epoch, Path);
                inner.Flush();
            }
        }

        public void Sync()
        {
            lock (fs._lock)
            {
                fs.CheckEpoch(epoch, Path);
                fs.Check(FaultKind.Sync, Path);
                inner.Sync();
                state.SyncedLength = inner.Length;
                state.Undo.Clear();
                state.CreationPending = false;
            }
        }

        public void Truncate(long length)
        {
            lock (fs._lock)
            {
                fs.CheckEpoch(epoch, Path);
                fs.Check(FaultKind.Write, Path);
                var len = inner.Length;
                if (length < len) RememberOverwritten(length, (int)Math.Min(len - length, int.MaxValue));
                inner.Truncate(length);
            }
        }

        public void Dispose()
        {
            lock (fs._lock)
            {
                // A handle from before a crash belongs to a dead process: drop it without flushing.
                if (epoch != fs._epoch) return;
                inner.Dispose();
            }
        }

        /// <summary>Saves the old bytes of [offset, offset+count) that lie within the synced length, for the crash undo.</summary>
        private void RememberOverwritten(long offset, int count)
        {
            var end = Math.Min(offset + count, state.SyncedLength);
            if (end <= offset) return;
            var old = new byte[end - offset];
            inner.ReadAt(offset, old);
            state.Undo.Add((offset, old));
        }
    }
}
