using Workbench.Storage.Metrics;

namespace Workbench.Workloads.Measurement;

/// <summary>What an <see cref="IoWindow"/> measured: the engine's metrics at the end, its bytes by write category over the window, device bytes and the derived amplifications.</summary>
public sealed record IoWindowResult(
    EngineMetrics Metrics,
    Dictionary<string, long> EngineIo,
    long? DeviceBytesWritten,
    long? DeviceCancelledWriteBytes,
    double? WriteAmp,
    double? EngineWriteAmp,
    double? SpaceAmp);
