using Workbench.Txn.Oracle;

namespace Workbench.Jepsen.Txn;

/// <summary>A physical clock that reads another plus an offset the clock nemesis steps (forwards or backwards). Thread-safe.</summary>
public sealed class SkewedClock(IPhysicalClock inner) : IPhysicalClock
{
    private long _offsetMs;

    /// <summary>Milliseconds added to the inner clock (negative = behind); set by the clock nemesis.</summary>
    public long OffsetMs
    {
        get => Interlocked.Read(ref _offsetMs);
        set => Interlocked.Exchange(ref _offsetMs, value);
    }

    /// <inheritdoc/>
    public long NowMs() => inner.NowMs() + OffsetMs;
}
