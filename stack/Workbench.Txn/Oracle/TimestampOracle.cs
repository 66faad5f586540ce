using Workbench.Txn.Mvcc;

namespace Workbench.Txn.Oracle;

/// <summary>
/// The timestamp oracle (PD's TSO). Timestamps are <c>(physical_ms &lt;&lt; 18) + logical</c>, strictly
/// increasing across threads. Invariant: every served physical part is below the high-water mark
/// already saved in the <see cref="ITsoStore"/>; the mark is moved <see cref="WindowMs"/> ahead
/// whenever serving would reach it. A restart starts above the saved mark, so neither a restart, a
/// crash, nor a clock stepping back can hand out a timestamp twice. When the logical part of one
/// millisecond runs out, the physical part moves ahead of the clock by one (still under the mark).
/// Thread-safe (one lock; a save happens under it, once per window).
/// </summary>
public sealed class TimestampOracle : ITimestampOracle, ITimestampSource
{
    /// <summary>Default distance (ms) the high-water mark is kept ahead of served timestamps (PD's 3 s save interval).</summary>
    public const long DefaultWindowMs = 3000;

    private readonly IPhysicalClock _clock;
    private readonly ITsoStore _store;
    private readonly System.Threading.Lock _gate = new();
    private long _physical;
    private ulong _logical;
    private long _highWater;

    /// <summary>An oracle over <paramref name="clock"/> whose mark is saved in <paramref name="store"/>, <paramref name="windowMs"/> ahead; starts above the saved mark.</summary>
    public TimestampOracle(IPhysicalClock clock, ITsoStore store, long windowMs = DefaultWindowMs)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(windowMs, 1);
        _clock = clock;
        _store = store;
        WindowMs = windowMs;
        var saved = store.Load();
        // Everything served before the restart had physical < saved.
        _physical = Math.Max(clock.NowMs(), saved);
        _logical = 0;
        _highWater = saved;
        EnsureHighWater();
    }

    /// <summary>How far (ms) each save moves the high-water mark ahead.</summary>
    public long WindowMs { get; }

    /// <summary>The saved high-water mark (physical ms no served timestamp reaches).</summary>
    public long HighWaterMs { get { lock (_gate) return _highWater; } }

    /// <inheritdoc/>
    public ulong GetTimestamp() => GetTimestamps(1);

    /// <inheritdoc/>
    public ulong GetTimestamps(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((ulong)count, TimeStamp.MaxLogical + 1);
        lock (_gate)
        {
            var now = _clock.NowMs();
            if (now > _physical)
            {
                _physical = now;
                _logical = 0;
            }
            if (_logical + (ulong)count - 1 > TimeStamp.MaxLogical)
            {
                _physical++;
                _logical = 0;
            }
            EnsureHighWater();
            var first = TimeStamp.Compose(_physical, _logical);
            _logical += (ulong)count;
            return first + (ulong)count - 1;
        }
    }

    private void EnsureHighWater()
    {
        if (_physical < _highWater) return;
        var next = _physical + WindowMs;
        _store.Save(next);
        _highWater = next;
    }
}
