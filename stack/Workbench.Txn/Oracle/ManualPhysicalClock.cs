namespace Workbench.Txn.Oracle;

/// <summary>A clock that moves only when told (tests, simulation). Thread-safe.</summary>
public sealed class ManualPhysicalClock : IPhysicalClock
{
    private long _nowMs;

    /// <summary>A clock reading <paramref name="startMs"/> until advanced.</summary>
    public ManualPhysicalClock(long startMs) => _nowMs = startMs;

    /// <inheritdoc/>
    public long NowMs() => Interlocked.Read(ref _nowMs);

    /// <summary>Moves the clock by <paramref name="ms"/> (negative steps it back).</summary>
    public void Advance(long ms) => Interlocked.Add(ref _nowMs, ms);

    /// <summary>Sets the time, possibly backwards (a clock step).</summary>
    public void Set(long ms) => Interlocked.Exchange(ref _nowMs, ms);
}
