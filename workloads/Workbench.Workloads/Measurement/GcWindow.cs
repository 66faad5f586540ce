namespace Workbench.Workloads.Measurement;

/// <summary>
/// The garbage collector's work over one timed region of this process (collections per generation,
/// total pause time, bytes allocated) and the managed heap at its end: the GC's share of a latency
/// tail and of the RSS. Figures are process-wide, so they include the engine's background threads.
/// </summary>
public sealed class GcWindow
{
    private readonly int _gen0, _gen1, _gen2;
    private readonly TimeSpan _pause;
    private readonly long _allocated;

    private GcWindow()
    {
        _gen0 = GC.CollectionCount(0);
        _gen1 = GC.CollectionCount(1);
        _gen2 = GC.CollectionCount(2);
        _pause = GC.GetTotalPauseDuration();
        _allocated = GC.GetTotalAllocatedBytes(precise: false);
    }

    /// <summary>Starts a window now.</summary>
    public static GcWindow Open() => new();

    /// <summary>The GC's figures since <see cref="Open"/>.</summary>
    public GcFigures Close()
    {
        var info = GC.GetGCMemoryInfo(GCKind.Any);
        // CollectionCount(n) counts collections of generation n or higher, so gen0 includes gen1 and gen2.
        var g0 = GC.CollectionCount(0) - _gen0;
        var g1 = GC.CollectionCount(1) - _gen1;
        var g2 = GC.CollectionCount(2) - _gen2;
        return new GcFigures
        {
            Gen0 = g0 - g1,
            Gen1 = g1 - g2,
            Gen2 = g2,
            PauseMs = (GC.GetTotalPauseDuration() - _pause).TotalMilliseconds,
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: false) - _allocated,
            HeapBytes = info.HeapSizeBytes,
            CommittedBytes = info.TotalCommittedBytes,
        };
    }
}
