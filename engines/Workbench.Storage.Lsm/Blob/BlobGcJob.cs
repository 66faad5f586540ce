using Workbench.Storage.Metrics;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// One Titan GC run over picked blob files of one column family:
/// 1. merge-iterate the input files; a record is live only if the LSM's newest entry for its key
///    is a BlobIndex pointing at exactly this record (else: key gone, now inline, or elsewhere);
/// 2. copy live records into new blob files (category blob_gc, rate-limited), synced;
/// 3. record the new files in the blob file set (durable) BEFORE touching the LSM;
/// 4. rewrite each key's BlobIndex through the write path with a check, made by the write leader,
///    that the key still points at the old record (else the copy is dropped); rewrites are synced;
/// 5. the caller deletes the inputs once no snapshot older than <see cref="Run"/>'s result remains.
/// One thread.
/// </summary>
internal sealed class BlobGcJob
{
    private const int RewriteBatch = 512;
    private readonly BlobStore _store;
    private readonly List<BlobFileMeta> _inputs;

    public BlobGcJob(BlobStore store, List<BlobFileMeta> inputs)
    {
        _store = store;
        _inputs = inputs;
        foreach (var f in inputs) InputNumbers.Add(f.Number);
    }

    public List<long> InputNumbers { get; } = [];

    /// <summary>Runs the job; returns the engine sequence after the last rewrite.</summary>
    public long Run()
    {
        var cf = _inputs[0].ColumnFamily;
        var limiter = new BlobRateLimiter(_store.Options.BlobGcRateLimitBytesPerSec);
        var outputs = new List<BlobFileMeta>();
        var rewrites = new List<BlobRewrite>();
        var survivorsPerOutput = new Dictionary<long, int>();
        BlobFileWriter? writer = null;
        string writerPath = "";
        try
        {
            foreach (var input in _inputs)
            {
                var reader = _store.Files.Acquire(input.Number) ?? throw new InvalidOperationException($"blob file {input.Number} picked for GC is not live");
                try
                {
                    var it = new BlobFileIterator(reader);
                    long lastRead = 0;
                    while (it.Next())
                    {
                        if (_store.IsStopping) throw new OperationCanceledException("engine is closing");
                        limiter.Request(it.BytesRead - lastRead);
                        TitanStatistics.Add(ref _store.Stats.GcBytesRead, it.BytesRead - lastRead);
                        lastRead = it.BytesRead;
                        var old = new BlobIndex(input.Number, it.Offset, it.Size);
                        if (!_store.IsBlobLive(cf, it.Key, old)) continue;
                        if (writer is null)
                        {
                            var number = _store.NewFileNumber();
                            writerPath = _store.PathOf(number);
                            writer = new BlobFileWriter(_store.FileSystem.CreateFile(writerPath, WriteCategory.BlobGc), number, _store.Options.Compression, _store.Options.CompressionLevel);
                        }
                        var moved = writer.AddStored(it.Key, it.StoredValue, it.Compression);
                        limiter.Request(moved.Size);
                        TitanStatistics.Add(ref _store.Stats.GcBytesWritten, moved.Size);
                        rewrites.Add(new BlobRewrite(it.Key.ToArray(), old, moved));
                        if (writer.Length >= _store.Options.BlobFileTargetSize)
                        {
                            outputs.Add(Finish(writer, cf));
                            writer = null;
                        }
                    }
                }
                finally
                {
                    reader.Unref();
                }
            }
            if (writer is not null)
            {
                outputs.Add(Finish(writer, cf));
                writer = null;
            }
        }
        catch
        {
            if (writer is not null)
            {
                try { writer.Dispose(); } catch (IOException) { }
                try { _store.FileSystem.DeleteFile(writerPath); } catch (IOException) { }
            }
            // Finished outputs not yet recorded are orphans: deleted at the next open.
            throw;
        }

        // Durable before the LSM is touched: a crash after this point leaves, at worst, unreferenced
        // new files (garbage that a later GC removes); the old files are still live.
        _store.Files.Add(outputs);

        long sequence;
        if (rewrites.Count == 0) _store.WriteBlobRewrites(cf, rewrites, out sequence); // logs nothing, but syncs the logs the liveness checks relied on
        else sequence = 0;
        for (var i = 0; i < rewrites.Count; i += RewriteBatch)
        {
            var slice = rewrites.GetRange(i, Math.Min(RewriteBatch, rewrites.Count - i));
            var applied = _store.WriteBlobRewrites(cf, slice, out sequence);
            foreach (var r in slice) survivorsPerOutput.TryAdd(r.New.FileNumber, 0);
            for (var k = 0; k < slice.Count; k++)
                if (applied[k]) survivorsPerOutput[slice[k].New.FileNumber]++;
            var ok = 0;
            foreach (var a in applied) if (a) ok++;
            TitanStatistics.Add(ref _store.Stats.GcRecordsRewritten, ok);
            TitanStatistics.Add(ref _store.Stats.GcRecordsDropped, slice.Count - ok);
        }
        // An output no key points at (every copy dropped) will never be sealed by a flush: seal it
        // now so the next GC deletes it.
        foreach (var o in outputs)
            if (survivorsPerOutput.GetValueOrDefault(o.Number) == 0) _store.Tracker.Seal(o.Number);
        TitanStatistics.Add(ref _store.Stats.GcRuns, 1);
        return Math.Max(sequence, _store.LastSequence);
    }

    /// <summary>A GC output holds records of every input: it takes the lowest (shallowest) input level, so level merge still moves them down.</summary>
    private int OutputLevel()
    {
        var level = int.MaxValue;
        foreach (var f in _inputs) level = Math.Min(level, f.Level);
        return level;
    }

    private BlobFileMeta Finish(BlobFileWriter w, int cf)
    {
        var level = OutputLevel();
        var size = w.Finish();
        w.Dispose();
        return new BlobFileMeta(w.Number, cf, size, w.DataBytes, w.RecordCount, level);
    }
}
