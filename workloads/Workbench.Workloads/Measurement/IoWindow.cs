using Workbench.Storage.Contract;
using Workbench.Storage.Metrics;
using Workbench.Storage.Proc;

namespace Workbench.Workloads.Measurement;

/// <summary>
/// The write-amplification ruler around one measured phase (DESIGN.md §4): opened before the
/// phase, closed after the engine has been flushed. Device bytes are the growth of write_bytes in
/// /proc/self/io (null where /proc is not available); the engine's own bytes by category come from
/// its metrics. One window per phase; not thread-safe.
/// </summary>
public sealed class IoWindow
{
    private readonly IKvEngine _engine;
    private readonly ProcessIo? _deviceBefore;
    private readonly IoSnapshot _engineBefore;

    private IoWindow(IKvEngine engine)
    {
        _engine = engine;
        _deviceBefore = ProcessIo.IsSupported ? ProcessIo.ReadSelf() : null;
        _engineBefore = engine.GetMetrics().Io;
    }

    /// <summary>Opens a window on <paramref name="engine"/>: reads /proc/self/io (when available) and the engine's IO counters now.</summary>
    public static IoWindow Open(IKvEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return new IoWindow(engine);
    }

    /// <summary>Reads the rulers now; call after flushing the engine so its buffered writes count.</summary>
    public IoWindowResult Close(long userBytes, long liveBytes)
    {
        var deviceAfter = ProcessIo.IsSupported ? ProcessIo.ReadSelf() : null;
        var metrics = _engine.GetMetrics();
        var engineIo = metrics.Io.Minus(_engineBefore);
        var device = _deviceBefore is not null && deviceAfter is not null ? deviceAfter.Minus(_deviceBefore) : null;
        var engineWritten = engineIo.TotalBytesWritten;
        return new IoWindowResult(
            metrics,
            engineIo.ToDictionary(),
            device?.WriteBytes,
            device?.CancelledWriteBytes,
            userBytes > 0 && device is not null ? (double)device.WriteBytes / userBytes : null,
            userBytes > 0 && engineWritten > 0 ? (double)engineWritten / userBytes : null,
            liveBytes > 0 && metrics.DiskBytes > 0 ? (double)metrics.DiskBytes / liveBytes : null);
    }
}
