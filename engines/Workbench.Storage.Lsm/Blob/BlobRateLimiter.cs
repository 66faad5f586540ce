using System.Diagnostics;

namespace Workbench.Storage.Lsm.Blob;

/// <summary>
/// Bounds GC IO to a byte rate (blob_gc_rate_limit_bytes_per_sec; 0 = unlimited): after each chunk
/// the caller's thread waits until the bytes so far fit the budget. Pacing is this limiter's job,
/// so it waits on the clock. One thread.
/// </summary>
internal sealed class BlobRateLimiter(long bytesPerSecond)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _bytes;

    public void Request(long bytes)
    {
        if (bytesPerSecond <= 0) return;
        _bytes += bytes;
        var due = TimeSpan.FromSeconds((double)_bytes / bytesPerSecond);
        var ahead = due - _clock.Elapsed;
        if (ahead > TimeSpan.FromMilliseconds(1)) Thread.Sleep(ahead);
    }
}
