using System.Diagnostics;

namespace Workbench.Storage.Lsm;

/// <summary>Background work: flushing immutable memtables to L0 and leveled compaction.</summary>
public sealed partial class LsmEngine
{
    /// <summary>
    /// One background thread: flushes first (they unblock writers), then the best compaction. Holds
    /// the mutex except while doing IO. Stops for good after a background error (writes are stopped).
    /// </summary>
    private void BackgroundLoop()
    {
        lock (_mutex)
        {
            while (!_shuttingDown)
            {
                if (_bgError is null)
                {
                    var flush = Array.Find(_cfs, c => c.Immutables.Count > 0 && !c.FlushRunning);
                    if (flush is not null)
                    {
                        RunFlush(flush);
                        continue;
                    }
                    CompactionInputs? pick = null;
                    foreach (var cf in _cfs)
                    {
                        if (cf.CompactionRunning) continue;
                        var c = CompactionPicker.Pick(cf, _versions.Current);
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
        var smallestSnapshot = SmallestSnapshot();
        var walAtSync = _walNumber;
        Monitor.Exit(_mutex);
        try
        {
            meta = WriteLevel0Table(cf, mem, smallestSnapshot);
            // The table's directory entry, and those of every log up to the current one, before the
            // manifest names them: recovery treats a log the manifest needs that is missing as corruption.
            _fs.SyncDirectory(_dir);
            SyncClosedLogs(); // the flushed memtable's log must be durable before later logs are relied on
        }
        catch (Exception e)
        {
            Monitor.Enter(_mutex);
            cf.FlushRunning = false;
            _bgError ??= e;
            Monitor.PulseAll(_mutex);
            return;
        }
        Monitor.Enter(_mutex);
        try
        {
            if (_walNumber != walAtSync) _fs.SyncDirectory(_dir); // a log created during the table write
            var edit = new VersionEdit();
            if (meta is not null) edit.AddFile(cf.Id, 0, meta);
            // After this flush the CF needs only logs from its next-oldest memtable on.
            var logNumber = cf.Immutables.Count > 1 ? cf.Immutables[1].LogNumber : cf.Mem.IsEmpty ? _walNumber : cf.Mem.LogNumber;
            edit.LogNumbers.Add((cf.Id, logNumber));
            // Column families with nothing unflushed need no log before the current one: recorded, so
            // the manifest's oldest needed log is one DeleteObsoleteLogs keeps (recovery checks it exists).
            // A write racing in lands in the current log, which is kept.
            foreach (var other in _cfs)
                if (other != cf && other.Immutables.Count == 0 && other.Mem.IsEmpty) edit.LogNumbers.Add((other.Id, _walNumber));
            _versions.LogAndApply(edit, Volatile.Read(ref _lastSequence));
            cf.Immutables.RemoveAt(0);
            mem.Flushed = true;
            foreach (var c in _cfs) InstallSuperVersion(c);
            if (meta is not null) OnTablesChanged([meta]); // after the view without the memtable is published
            DeleteObsoleteLogs();
            _stats.Add(LsmStatistics.Ticker.FlushCount);
            _stats.Add(LsmStatistics.Ticker.FlushMicros, (long)sw.Elapsed.TotalMicroseconds);
            if (meta is not null) _stats.AddLevel(0, 0, 0, meta.Size, (long)sw.Elapsed.TotalMicroseconds);
        }
        catch (Exception e)
        {
            _bgError ??= e;
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
        var min = _walNumber;
        foreach (var cf in _cfs)
        {
            var needed = cf.Immutables.Count > 0 ? cf.Immutables[0].LogNumber : cf.Mem.IsEmpty ? _walNumber : cf.Mem.LogNumber;
            min = Math.Min(min, needed);
        }
        for (var i = _liveLogs.Count - 1; i >= 0; i--)
        {
            if (_liveLogs[i] >= min) continue;
            TryDelete(FilePaths.Combine(_dir, FileNames.Log(_liveLogs[i])));
            _liveLogs.RemoveAt(i);
        }
    }

    /// <summary>
    /// Writes a memtable as an L0 table (synced); null when nothing is left to write. Versions
    /// shadowed by a newer version of the same key that every reader sees (sequence at most
    /// <paramref name="smallestSnapshot"/>) are dropped, as RocksDB's flush does; tombstones are kept
    /// (older data below may need hiding). Any thread, no lock.
    /// </summary>
    private FileMetadata? WriteLevel0Table(ColumnFamilyState cf, Memtable mem, long smallestSnapshot = long.MaxValue)
    {
        if (mem.IsEmpty) return null;
        var number = _versions.NewFileNumber();
        using var it = mem.NewIterator();
        return BuildTable(cf, number, 0, isFlush: true, it, smallestSnapshot);
    }

    /// <summary>
    /// Builds one table from the iterator's entries, dropping shadowed versions (see
    /// <see cref="WriteLevel0Table"/>). Syncs the file. Returns null (and deletes the file) when nothing was written.
    /// </summary>
    private FileMetadata? BuildTable(ColumnFamilyState cf, long number, int level, bool isFlush, IInternalIterator it, long smallestSnapshot)
    {
        var path = FilePaths.Combine(_dir, FileNames.Table(number));
        var o = cf.Options;
        var collectors = CreateCollectors(cf, number, level, isFlush);
        var builder = new TableBuilder(_fs.CreateFile(path, isFlush ? WriteCategory.Flush : WriteCategory.Compaction), o.BlockSize, o.BloomBitsPerKey, cf.Name, collectors,
            o.CompressionFor(level, bottommost: false), o.CompressionLevel, _stats);
        using var separator = NewBlobSeparator(cf);
        try
        {
            var currentUser = new byte[64];
            var currentUserLength = -1;
            var lastSequenceForKey = long.MaxValue;
            for (it.SeekToFirst(); it.Valid; it.Next())
            {
                var ikey = it.Key;
                var user = InternalKey.UserKey(ikey);
                if (currentUserLength < 0 || !user.SequenceEqual(currentUser.AsSpan(0, currentUserLength)))
                {
                    if (currentUser.Length < user.Length) currentUser = new byte[Math.Max(user.Length, currentUser.Length * 2)];
                    user.CopyTo(currentUser);
                    currentUserLength = user.Length;
                    lastSequenceForKey = long.MaxValue;
                }
                var shadowed = lastSequenceForKey != long.MaxValue && lastSequenceForKey <= smallestSnapshot;
                lastSequenceForKey = InternalKey.Sequence(ikey);
                if (!shadowed) AddToTable(builder, separator, ikey, it.Value);
            }
            separator?.Finish(); // blob files durable and recorded before the table can be installed
        }
        catch
        {
            try { builder.Dispose(); } catch (IOException) { }
            TryDelete(path);
            throw;
        }
        return FinishTable(builder, number, path);
    }

    private List<ITablePropertiesCollector> CreateCollectors(ColumnFamilyState cf, long number, int level, bool isFlush)
    {
        var list = new List<ITablePropertiesCollector>();
        foreach (var f in cf.Options.TablePropertiesCollectorFactories) list.Add(f(new TableBuildContext(cf.Name, number, level, isFlush)));
        if (_blobs is not null) list.Add(new BlobRefsCollector(FileNames.Table(number)));
        return list;
    }

    /// <summary>Finishes, syncs and closes the table; on failure deletes it. Always disposes the builder.</summary>
    private FileMetadata? FinishTable(TableBuilder builder, long number, string path)
    {
        try
        {
            if (builder.Entries == 0)
            {
                builder.Dispose();
                TryDelete(path);
                return null;
            }
            var size = builder.Finish();
            builder.File.Sync();
            builder.Dispose();
            return new FileMetadata(number, size, builder.Smallest!, builder.Largest!, builder.SmallestSequence, builder.LargestSequence);
        }
        catch
        {
            try { builder.Dispose(); } catch (IOException) { }
            TryDelete(path);
            throw;
        }
    }

    /// <summary>Under the mutex (released during IO): runs a picked compaction, or a trivial move.</summary>
    private void RunCompaction(CompactionInputs c)
    {
        var cf = _cfs[c.Cf];
        cf.CompactionRunning = true;
        try
        {
            ExecuteCompaction(c);
        }
        catch (OperationCanceledException) when (_shuttingDown)
        {
            // Closing: the inputs stay as they are; nothing was installed.
        }
        catch (Exception e)
        {
            _bgError ??= e;
        }
        finally
        {
            cf.CompactionRunning = false;
            Monitor.PulseAll(_mutex);
        }
    }

    /// <summary>
    /// Under the mutex, with <c>CompactionRunning</c> set by the caller. Merges the inputs into new
    /// files of the output level, dropping versions no snapshot can see and tombstones at the base
    /// level, then logs the edit. Output files are cut only between user keys, so the versions of one
    /// key never straddle two files of a level.
    /// </summary>
    private void ExecuteCompaction(CompactionInputs c)
    {
        var cf = _cfs[c.Cf];
        var sw = Stopwatch.StartNew();
        // A trivial move would leave the file's blob records behind in shallower files: level merge rewrites instead.
        // Nor is a file moved between levels of different codecs (RocksDB's InputCompressionMatchesOutput):
        // it is rewritten in the output level's codec.
        if (c.IsTrivialMove && !LevelMergeFor(_versions.Current.Files[c.Cf], c.OutputLevel)
            && cf.Options.CompressionFor(c.Level, bottommost: false) == cf.Options.CompressionFor(c.OutputLevel, IsBottommost(_versions.Current.Files[c.Cf], c)))
        {
            var f = c.Inputs[0];
            var move = new VersionEdit();
            move.DeleteFile(c.Cf, c.Level, f.Number);
            move.AddFile(c.Cf, c.OutputLevel, f);
            _versions.LogAndApply(move, Volatile.Read(ref _lastSequence));
            cf.CompactPointers[c.Level] = f.Largest;
            foreach (var s in _cfs) InstallSuperVersion(s);
            _stats.Add(LsmStatistics.Ticker.TrivialMoveCount);
            _stats.AddLevel(c.OutputLevel, 0, 0, 0, (long)sw.Elapsed.TotalMicroseconds, f.Size);
            return;
        }
        foreach (var f in c.AllInputs) f.BeingCompacted = true;
        var version = _versions.Current;
        version.Ref();
        var smallestSnapshot = SmallestSnapshot();
        var outputs = new List<FileMetadata>();
        Exception? failure = null;
        Monitor.Exit(_mutex);
        try
        {
            MergeInputs(cf, c, version, smallestSnapshot, outputs);
            if (outputs.Count > 0) _fs.SyncDirectory(_dir);
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
                foreach (var o in outputs) TryDelete(FilePaths.Combine(_dir, FileNames.Table(o.Number)));
                throw failure;
            }
            var edit = new VersionEdit();
            foreach (var f in c.Inputs) edit.DeleteFile(c.Cf, c.Level, f.Number);
            foreach (var f in c.OutputLevelInputs) edit.DeleteFile(c.Cf, c.OutputLevel, f.Number);
            foreach (var o in outputs) edit.AddFile(c.Cf, c.OutputLevel, o);
            _versions.LogAndApply(edit, Volatile.Read(ref _lastSequence));
            var largest = c.Inputs[0].Largest;
            foreach (var f in c.Inputs)
                if (InternalKey.Compare(f.Largest, largest) > 0) largest = f.Largest;
            cf.CompactPointers[c.Level] = largest;
            foreach (var s in _cfs) InstallSuperVersion(s);
            OnTablesChanged(outputs); // after the new view is published: GC then sees the outputs
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

    /// <summary>No lock held. The compaction merge loop (LevelDB's DoCompactionWork drop rules).</summary>
    private void MergeInputs(ColumnFamilyState cf, CompactionInputs c, LsmVersion version, long smallestSnapshot, List<FileMetadata> outputs)
    {
        var children = new List<IInternalIterator>();
        foreach (var f in c.AllInputs) children.Add(GetTable(f).NewIterator(fillCache: false, compaction: true));
        using var merged = new MergingIterator(children.ToArray());
        var levels = version.Files[c.Cf];
        var levelPointers = new int[levels.Length];
        var target = cf.Options.TargetFileSize(c.OutputLevel);
        var levelMerge = LevelMergeFor(levels, c.OutputLevel);
        var compression = cf.Options.CompressionFor(c.OutputLevel, IsBottommost(levels, c));
        TableBuilder? builder = null;
        BlobSeparator? separator = null;
        long number = 0;
        string path = "";
        var currentUser = new byte[64];
        var currentUserLength = -1;
        var lastSequenceForKey = long.MaxValue;
        try
        {
            for (merged.SeekToFirst(); merged.Valid; merged.Next())
            {
                if (_shuttingDown) throw new OperationCanceledException("engine is closing");
                var ikey = merged.Key;
                var user = InternalKey.UserKey(ikey);
                var seq = InternalKey.Sequence(ikey);
                if (currentUserLength < 0 || !user.SequenceEqual(currentUser.AsSpan(0, currentUserLength)))
                {
                    if (currentUser.Length < user.Length) currentUser = new byte[Math.Max(user.Length, currentUser.Length * 2)];
                    user.CopyTo(currentUser);
                    currentUserLength = user.Length;
                    lastSequenceForKey = long.MaxValue;
                    if (builder is not null && builder.EstimatedFileSize >= target)
                    {
                        separator?.Finish();
                        separator?.Dispose();
                        separator = null;
                        var meta = FinishTable(builder, number, path);
                        builder = null;
                        if (meta is not null) outputs.Add(meta);
                    }
                }
                var drop = false;
                if (lastSequenceForKey <= smallestSnapshot) drop = true; // shadowed by a newer entry every reader sees
                else if (InternalKey.Kind(ikey) == ValueKind.Deletion && seq <= smallestSnapshot && IsBaseLevelForKey(levels, c.OutputLevel, user, levelPointers))
                    drop = true; // nothing older below: the tombstone has nothing left to hide
                lastSequenceForKey = seq;
                if (drop) continue;
                if (builder is null)
                {
                    number = _versions.NewFileNumber();
                    path = FilePaths.Combine(_dir, FileNames.Table(number));
                    builder = new TableBuilder(_fs.CreateFile(path, WriteCategory.Compaction), cf.Options.BlockSize, cf.Options.BloomBitsPerKey, cf.Name,
                        CreateCollectors(cf, number, c.OutputLevel, isFlush: false), compression, cf.Options.CompressionLevel, _stats);
                    separator = NewBlobSeparator(cf, c.OutputLevel, levelMerge);
                }
                AddToTable(builder, separator, ikey, merged.Value);
            }
            if (builder is not null)
            {
                separator?.Finish();
                separator?.Dispose();
                separator = null;
                var meta = FinishTable(builder, number, path);
                builder = null;
                if (meta is not null) outputs.Add(meta);
            }
        }
        catch
        {
            separator?.Dispose();
            if (builder is not null)
            {
                try { builder.Dispose(); } catch (IOException) { }
                TryDelete(path);
            }
            throw;
        }
    }

    /// <summary>
    /// RocksDB's Compaction::IsBottommostLevel: the output is the bottommost level for the compaction's
    /// key range when no deeper level holds a file overlapping it (the version the compaction holds).
    /// Decides <c>bottommost_compression</c>.
    /// </summary>
    private static bool IsBottommost(FileMetadata[][] levels, CompactionInputs c)
    {
        byte[]? lo = null, hi = null; // internal keys; compared by user key
        foreach (var f in c.AllInputs)
        {
            if (lo is null || f.SmallestUserKey.SequenceCompareTo(InternalKey.UserKey(lo)) < 0) lo = f.Smallest;
            if (hi is null || f.LargestUserKey.SequenceCompareTo(InternalKey.UserKey(hi)) > 0) hi = f.Largest;
        }
        if (lo is null || hi is null) return c.OutputLevel == levels.Length - 1;
        for (var l = c.OutputLevel + 1; l < levels.Length; l++)
            foreach (var f in levels[l])
                if (f.SmallestUserKey.SequenceCompareTo(InternalKey.UserKey(hi)) <= 0 && f.LargestUserKey.SequenceCompareTo(InternalKey.UserKey(lo)) >= 0) return false;
        return true;
    }

    /// <summary>True when no level below the output level can hold <paramref name="user"/> (pointers advance monotonically since keys arrive in order).</summary>
    private static bool IsBaseLevelForKey(FileMetadata[][] levels, int outputLevel, ReadOnlySpan<byte> user, int[] pointers)
    {
        for (var l = outputLevel + 1; l < levels.Length; l++)
        {
            var files = levels[l];
            while (pointers[l] < files.Length)
            {
                var f = files[pointers[l]];
                if (user.SequenceCompareTo(f.LargestUserKey) <= 0)
                {
                    if (user.SequenceCompareTo(f.SmallestUserKey) >= 0) return false;
                    break;
                }
                pointers[l]++;
            }
        }
        return true;
    }

    public void CompactRange(ColumnFamilyHandle cf, ReadOnlySpan<byte> begin = default, ReadOnlySpan<byte> end = default, bool unboundedBegin = true, bool unboundedEnd = true)
    {
        ThrowIfDisposed();
        var id = CheckHandle(cf);
        var lo = unboundedBegin ? null : begin.ToArray();
        var hi = unboundedEnd ? null : end.ToArray();
        Flush();
        var state = _cfs[id];
        lock (_mutex)
        {
            while (state.CompactionRunning)
            {
                ThrowIfStopped();
                Monitor.Wait(_mutex, 100);
            }
            state.CompactionRunning = true;
            try
            {
                var v = _versions.Current;
                var deepest = 1;
                for (var l = 1; l < v.NumLevels(id); l++)
                    if (v.Files[id][l].Length > 0) deepest = l;
                for (var level = 0; level < deepest; level++)
                {
                    ThrowIfStopped();
                    // L0 files overlap each other: take them all, so no older L0 entry is left above a newer one.
                    var inputs = level == 0 ? [.. _versions.Current.Files[id][0]] : _versions.Current.Overlapping(id, level, lo, hi);
                    if (inputs.Count == 0) continue;
                    var c = CompactionPicker.WithOutputLevel(id, _versions.Current, level, inputs, manual: true, 0);
                    ExecuteCompaction(c);
                }
                // Like RocksDB's bottommost_level_compaction=kForce, but only where it pays: rewrite the
                // deepest level's files in range that hold tombstones, so the tombstones (and what they hide) go.
                var bottom = _versions.Current.Overlapping(id, deepest, lo, hi);
                // A contiguous run of files, so the outputs cannot overlap a file left in place.
                var first = bottom.FindIndex(f => GetTable(f).Properties.GetLong(TableProperties.NumDeletions) > 0);
                var last = bottom.FindLastIndex(f => GetTable(f).Properties.GetLong(TableProperties.NumDeletions) > 0);
                if (first >= 0)
                    ExecuteCompaction(new CompactionInputs(id, deepest, deepest, bottom.GetRange(first, last - first + 1), [], Manual: true, 0));
            }
            catch (IOException e)
            {
                _bgError ??= e;
                throw new EngineWriteStoppedException($"lsm compaction failed, the engine refuses writes until reopened: {e.Message}", e);
            }
            finally
            {
                state.CompactionRunning = false;
                Monitor.PulseAll(_mutex);
            }
        }
    }
}
