using Workbench.Storage.Concurrency;
using Workbench.Storage.Contract;
using Workbench.Storage.Errors;

namespace Workbench.Storage.BTree;

/// <summary>The page cleaner: writes dirty pages back in the background ahead of eviction.</summary>
public sealed partial class BTreeEngine
{
    /// <summary>
    /// The page cleaner (InnoDB's page cleaner with adaptive flushing, in miniature): below a quarter
    /// of the pool dirty it sleeps; above, it writes back dirty frames just ahead of the clock hand in
    /// rounds that grow with the dirty fraction (16, 64, 256 pages) and come faster (every 5, 2, 1 ms),
    /// so the writer's own eviction write-backs — IO on the write path — become rare, and a checkpoint
    /// finds most frozen pages already written (it syncs them; the OS coalesced the writes). It never
    /// blocks a writer: when it falls behind, eviction writes back as before. A failed write is
    /// recorded by the pool; the next write stops the engine.
    /// </summary>
    private void CleanerLoop()
    {
        var capacity = _cache.CapacityPages;
        while (!_stopCheckpointer)
        {
            var fraction = (double)_cache.DirtyPages / capacity;
            int batch, waitMs;
            if (fraction < 0.25) (batch, waitMs) = (0, 20);
            else if (fraction < 0.5) (batch, waitMs) = (16, 5);
            else if (fraction < 0.75) (batch, waitMs) = (64, 2);
            else (batch, waitMs) = (256, 1);
            if (batch > 0 && Volatile.Read(ref _writeFailure) is null && _cache.WriteFailure is null)
            {
                try
                {
                    _cache.CleanAhead(batch, Math.Max(64, capacity / 4));
                }
                catch (IOException)
                {
                    // Recorded in the pool's WriteFailure: ThrowIfStopped turns it into a write stop.
                }
                catch (Exception e) when (e is StorageException or InvalidOperationException)
                {
                    Stop(e); // never let the thread die with an unhandled exception (it would end the process)
                }
            }
            _cleanerWake.WaitOne(waitMs);
        }
    }

    /// <summary>Writes back dirty frames ahead of the clock hand now, as the page cleaner does (tests).</summary>
    internal int CleanPagesNow(int maxPages) => _cache.CleanAhead(maxPages, int.MaxValue);

    internal int DirtyPages => _cache.DirtyPages;
}
