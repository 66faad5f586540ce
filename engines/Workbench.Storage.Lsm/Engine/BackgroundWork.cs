using System.Diagnostics;
using Workbench.Storage.Errors;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Lsm.Compaction;
using Workbench.Storage.Lsm.Flush;
using Workbench.Storage.Lsm.Format;
using Workbench.Storage.Lsm.Table;
using Workbench.Storage.Lsm.Version;

namespace Workbench.Storage.Lsm.Engine;

/// <summary>
/// Background work: the threads that flush immutable memtables to L0 (<see cref="FlushJob"/>) and
/// run leveled compactions (<see cref="CompactionPicker"/>, <see cref="CompactionJob"/>), and
/// installing their results; also manual compactions. Holds the engine mutex except while a job
/// does IO. Lock order in <see cref="DbState"/>.
/// </summary>
internal sealed class BackgroundWork
{
    private readonly DbState _s;
    private readonly ColumnFamilyState[] _cfs;
    private readonly object _mutex;
    private readonly VersionSet _versions;
    private readonly LsmStatistics _stats;
    private readonly CountingFileSystem _fs;
    private readonly string _dir;
    private readonly Thread[] _threads;

    /// <summary>Automatic compactions running, all column families (under the mutex); capped by <see cref="Options.LsmOptions.EffectiveMaxCompactions"/>.</summary>
    private int _runningCompactions;

    public BackgroundWork(DbState state)
    {
        _s = state;
        _cfs = state.Cfs;
        _mutex = state.Mutex;
        _versions = state.Versions;
        _stats = state.Stats;
        _fs = state.Fs;
        _dir = state.Dir;
        _threads = new Thread[Math.Max(1, state.Options.MaxBackgroundJobs)];
    }

    public void Start()
    {
        for (var i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(BackgroundLoop) { IsBackground = true, Name = $"lsm-bg-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>At close: stops the threads (a running job gives up; its inputs stay as they are) and waits for them.</summary>
    public void Stop()
    {
        lock (_mutex)
        {
            _s.ShuttingDown = true;
            Monitor.PulseAll(_mutex);
        }
        foreach (var t in _threads) t?.Join();
    }

    /// <summary>
    /// One background thread: flushes first (they unblock writers), then the best compaction. Holds
    /// the mutex except while doing IO. Stops for good after a background error (writes are stopped).
    /// </summary>
    private void BackgroundLoop()
    {
        lock (_mutex)
        {
            while (!_s.ShuttingDown)
            {
                if (_s.HasObsoleteFiles)
                {
                    _s.DeleteObsoleteFiles(); // releases the mutex for the unlinks
                    continue;
                }
                if (_s.BgError is null)
                {
                    var flush = Array.Find(_cfs, c => c.Immutables.Count > 0 && !c.FlushRunning);
                    if (flush is not null)
                    {
                        RunFlush(flush);
                        continue;
                    }
                    CompactionInputs? pick = null;
                    if (_runningCompactions < _s.Options.EffectiveMaxCompactions)
                        foreach (var cf in _cfs)
                        {
                            if (cf.ManualCompaction) continue;
                            var c = CompactionPicker.Pick(cf, _versions.Current, cf.RunningCompactions);
                            if (c is not null && (pick is null || c.Score > pick.Score)) pick = c;
                        }
                    if (pick is not null)
                    {
                        RunCompaction(pick);
                        continue;
                    }
                }
                Monitor.Wait(_mutex);
            }
        }
    }

    /// <summary>Under the mutex (released during IO): writes the oldest immutable memtable of <paramref name="cf"/> to L0.</summary>
    private void RunFlush(ColumnFamilyState cf)
    {
        cf.FlushRunning = true;
        var mem = cf.Immutables[0];
        var sw = Stopwatch.StartNew();
        FileMetadata? meta;
        var smallestSnapshot = _s.SmallestSnapshot();
        var walAtSync = _s.Logs.CurrentNumber;
        Monitor.Exit(_mutex);
        try
        {
            meta = new FlushJob(_s.Outputs, cf, mem, smallestSnapshot).Run();
            // The table's directory entry, and those of every log up to the current one, before the
            // manifest names them: recovery treats a log the manifest needs that is missing as corruption.
            _fs.SyncDirectory(_dir);
            _s.Logs.SyncClosed(); // the flushed memtable's log must be durable before later logs are relied on
        }
        catch (Exception e)
        {
            Monitor.Enter(_mutex);
            cf.FlushRunning = false;
            _s.BgError ??= e;
            Monitor.PulseAll(_mutex);
            return;
        }
        Monitor.Enter(_mutex);
        try
        {
            if (_s.Logs.CurrentNumber != walAtSync) _fs.SyncDirectory(_dir); // a log created during the table write
            var edit = new VersionEdit();
            if (meta is not null) edit.AddFile(cf.Id, 0, meta);
            // After this flush the CF needs only logs from its next-oldest memtable on.
            var logNumber = cf.Immutables.Count > 1 ? cf.Immutables[1].LogNumber : cf.Mem.IsEmpty ? _s.Logs.CurrentNumber : cf.Mem.LogNumber;
            edit.LogNumbers.Add((cf.Id, logNumber));
            // Column families with nothing unflushed need no log before the current one: recorded, so
            // the manifest's oldest needed log is one DeleteObsoleteLogs keeps (recovery checks it exists).
            // A write racing in lands in the current log, which is kept.
            foreach (var other in _cfs)
                if (other != cf && other.Immutables.Count == 0 && other.Mem.IsEmpty) edit.LogNumbers.Add((other.Id, _s.Logs.CurrentNumber));
            _versions.LogAndApply(edit, Volatile.Read(ref _s.LastSequence));
            cf.Immutables.RemoveAt(0);
            mem.Flushed = true;
            foreach (var c in _cfs) _s.InstallSuperVersion(c);
            mem.Unref(); // the column family's reference; readers still holding an older view keep it alive
            if (meta is not null) _s.OnTablesAdded([meta]); // after the view without the memtable is published
            DeleteObsoleteLogs();
            _stats.Add(LsmStatistics.Ticker.FlushCount);
            _stats.Add(LsmStatistics.Ticker.FlushInputEntries, mem.Entries);
            _stats.Add(LsmStatistics.Ticker.FlushInputMemoryBytes, mem.ApproximateBytes);
            _stats.Add(LsmStatistics.Ticker.FlushMicros, (long)sw.Elapsed.TotalMicroseconds);
            if (meta is not null) _stats.AddLevel(0, 0, 0, meta.Size, (long)sw.Elapsed.TotalMicroseconds);
        }
        catch (Exception e)
        {
            _s.BgError ??= e;
        }
        finally
        {
            cf.FlushRunning = false;
            Monitor.PulseAll(_mutex);
        }
    }

    /// <summary>Deletes WAL files whose every entry is in tables (under the mutex).</summary>
    private void DeleteObsoleteLogs()
    {
        var min = _s.Logs.CurrentNumber;
        foreach (var cf in _cfs)
        {
            var needed = cf.Immutables.Count > 0 ? cf.Immutables[0].LogNumber : cf.Mem.IsEmpty ? _s.Logs.CurrentNumber : cf.Mem.LogNumber;
            min = Math.Min(min, needed);
        }
        _s.Logs.DeleteBelow(min);
    }

    /// <summary>Under the mutex (released during IO): runs a picked compaction, or a trivial move.</summary>
    private void RunCompaction(CompactionInputs c)
    {
        var cf = _cfs[c.Cf];
        cf.RunningCompactions.Add(c);
        _runningCompactions++;
        try
        {
            ExecuteCompaction(c);
        }
        catch (OperationCanceledException) when (_s.ShuttingDown)
        {
            // Closing: the inputs stay as they are; nothing was installed.
        }
        catch (Exception e)
        {
            _s.BgError ??= e;
        }
        finally
        {
            cf.RunningCompactions.Remove(c);
            _runningCompactions--;
            Monitor.PulseAll(_mutex);
        }
    }

    /// <summary>
    /// Under the mutex, with the compaction registered as running by the caller. Runs a <see cref="CompactionJob"/>
    /// with the mutex released, then logs and installs the edit.
    /// </summary>
    private void ExecuteCompaction(CompactionInputs c)
    {
        var cf = _cfs[c.Cf];
        var sw = Stopwatch.StartNew();
        // Not when the value separator would change the output's references (Titan's level merge), nor
        // between levels of different codecs (RocksDB's InputCompressionMatchesOutput): rewritten instead.
        var levels = _versions.Current.Files[c.Cf];
        var baseLevel = _versions.Current.Targets(c.Cf, cf.Options).BaseLevel;
        if (c.IsTrivialMove && !(_s.Separator?.RewritesOnCompaction(levels, c.OutputLevel) ?? false)
            && cf.Options.CompressionFor(c.Level, bottommost: false, baseLevel) == cf.Options.CompressionFor(c.OutputLevel, CompactionJob.IsBottommost(levels, c), baseLevel))
        {
            // One file, or a run of a sorted level's files (CompactionPicker.ExtendTrivialMove), in key order.
            var move = new VersionEdit();
            long movedBytes = 0;
            foreach (var f in c.Inputs)
            {
                move.DeleteFile(c.Cf, c.Level, f.Number);
                move.AddFile(c.Cf, c.OutputLevel, f);
                movedBytes += f.Size;
            }
            _versions.LogAndApply(move, Volatile.Read(ref _s.LastSequence));
            cf.CompactPointers[c.Level] = c.Inputs[^1].Largest;
            foreach (var s in _cfs) _s.InstallSuperVersion(s);
            _stats.Add(LsmStatistics.Ticker.TrivialMoveCount);
            _stats.AddLevel(c.OutputLevel, 0, 0, 0, (long)sw.Elapsed.TotalMicroseconds, movedBytes);
            return;
        }
        foreach (var f in c.AllInputs) f.BeingCompacted = true;
        var version = _versions.Current;
        version.Ref();
        var job = new CompactionJob(_s.Outputs, _s.Tables, cf, c, version, _s.SmallestSnapshot(), () => _s.ShuttingDown, _s.Options.CompactionReadaheadSize);
        var outputs = job.Outputs;
        Exception? failure = null;
        Monitor.Exit(_mutex);
        try
        {
            job.Run();
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            Monitor.Enter(_mutex);
            foreach (var f in c.AllInputs) f.BeingCompacted = false;
        }
        try
        {
            if (failure is not null)
            {
                job.DeleteOutputs();
                throw failure;
            }
            var edit = new VersionEdit();
            foreach (var f in c.Inputs) edit.DeleteFile(c.Cf, c.Level, f.Number);
            foreach (var f in c.OutputLevelInputs) edit.DeleteFile(c.Cf, c.OutputLevel, f.Number);
            foreach (var o in outputs) edit.AddFile(c.Cf, c.OutputLevel, o);
            _versions.LogAndApply(edit, Volatile.Read(ref _s.LastSequence));
            var largest = c.Inputs[0].Largest;
            foreach (var f in c.Inputs)
                if (InternalKey.Compare(f.Largest, largest) > 0) largest = f.Largest;
            cf.CompactPointers[c.Level] = largest;
            foreach (var s in _cfs) _s.InstallSuperVersion(s);
            _s.OnTablesAdded(outputs); // after the new view is published: GC then sees the outputs
            long readN = 0, readNp1 = 0, written = 0;
            foreach (var f in c.Inputs) readN += f.Size;
            foreach (var f in c.OutputLevelInputs) readNp1 += f.Size;
            foreach (var o in outputs) written += o.Size;
            _stats.Add(LsmStatistics.Ticker.CompactionCount);
            _stats.Add(LsmStatistics.Ticker.CompactionMicros, (long)sw.Elapsed.TotalMicroseconds);
            _stats.AddLevel(c.OutputLevel, readN, readNp1, written, (long)sw.Elapsed.TotalMicroseconds);
        }
        finally
        {
            version.Unref();
        }
    }

    /// <summary>
    /// Manual compaction of column family <paramref name="id"/> over user keys [<paramref name="lo"/>,
    /// <paramref name="hi"/>] (null: unbounded); the caller flushed the memtables first.
    /// </summary>
    public void CompactRange(int id, byte[]? lo, byte[]? hi)
    {
        var state = _cfs[id];
        lock (_mutex)
        {
            while (state.CompactionRunning)
            {
                _s.ThrowIfStopped();
                Monitor.Wait(_mutex, 100);
            }
            state.ManualCompaction = true;
            try
            {
                var v = _versions.Current;
                var baseLevel = v.Targets(id, state.Options).BaseLevel; // 1, or with dynamic level sizing where L0 goes
                var deepest = baseLevel;
                for (var l = 1; l < v.NumLevels(id); l++)
                    if (v.Files[id][l].Length > 0) deepest = l;
                for (var level = 0; level < deepest; level++)
                {
                    _s.ThrowIfStopped();
                    // L0 files overlap each other: take them all, so no older L0 entry is left above a newer one.
                    var inputs = level == 0 ? [.. _versions.Current.Files[id][0]] : _versions.Current.Overlapping(id, level, lo, hi);
                    if (inputs.Count == 0) continue;
                    // L0 goes to the base level (the levels between are empty, and skipped here).
                    var output = level == 0 ? baseLevel : level + 1;
                    var c = CompactionPicker.WithOutputLevel(id, _versions.Current, level, output, inputs, manual: true, 0);
                    ExecuteCompaction(c);
                }
                // Like RocksDB's bottommost_level_compaction=kForce, but only where it pays: rewrite the
                // deepest level's files in range that hold tombstones, so the tombstones (and what they hide) go.
                var bottom = _versions.Current.Overlapping(id, deepest, lo, hi);
                // A contiguous run of files, so the outputs cannot overlap a file left in place.
                var first = bottom.FindIndex(f => _s.Tables.Get(f).Properties.GetLong(TableProperties.NumDeletions) > 0);
                var last = bottom.FindLastIndex(f => _s.Tables.Get(f).Properties.GetLong(TableProperties.NumDeletions) > 0);
                if (first >= 0)
                    ExecuteCompaction(new CompactionInputs(id, deepest, deepest, bottom.GetRange(first, last - first + 1), [], Manual: true, 0));
            }
            catch (IOException e)
            {
                _s.BgError ??= e;
                throw new EngineWriteStoppedException($"lsm compaction failed, the engine refuses writes until reopened: {e.Message}", e);
            }
            finally
            {
                state.ManualCompaction = false;
                Monitor.PulseAll(_mutex);
            }
        }
        _s.DeleteObsoleteFiles(); // the inputs replaced here are gone when CompactRange returns, as before
    }
}
