namespace Workbench.Workloads.Generators;

/// <summary>
/// YCSB's AcknowledgedCounterGenerator: a counter whose <see cref="Last"/> only advances over a
/// contiguous prefix of values that were acknowledged (inserted), so readers never pick a key whose
/// insert has not finished. A window of 2^20 slots tracks out-of-order acknowledgements; more
/// outstanding values than that is an error, as in YCSB. Thread-safe: slots are written by the
/// acknowledging thread, the limit advanced by whichever thread wins the try-lock.
/// </summary>
public sealed class AcknowledgedCounterGenerator : CounterGenerator
{
    /// <summary>Slots tracking out-of-order acknowledgements; more outstanding values than this is an error.</summary>
    public const int WindowSize = 1 << 20;
    private const int WindowMask = WindowSize - 1;

    private readonly object _lock = new();
    private readonly bool[] _window = new bool[WindowSize];
    private long _limit;

    /// <summary>A counter handing out <paramref name="start"/>, start + 1, ...; nothing is acknowledged yet.</summary>
    public AcknowledgedCounterGenerator(long start) : base(start) => _limit = start - 1;

    /// <summary>The end of the contiguous acknowledged prefix (start − 1 before the first acknowledgement).</summary>
    public override long Last => Volatile.Read(ref _limit);

    /// <summary>Marks <paramref name="value"/> as inserted, advancing <see cref="Last"/> over any now-contiguous prefix.</summary>
    public void Acknowledge(long value)
    {
        var slot = (int)(value & WindowMask);
        if (Volatile.Read(ref _window[slot]))
            throw new InvalidOperationException($"too many unacknowledged insertion keys (more than {WindowSize} outstanding at value {value})");
        Volatile.Write(ref _window[slot], true);
        if (!Monitor.TryEnter(_lock)) return;
        try
        {
            var beforeFirstSlot = _limit & WindowMask;
            long index;
            for (index = _limit + 1; index != beforeFirstSlot; index++)
            {
                var s = (int)(index & WindowMask);
                if (!Volatile.Read(ref _window[s])) break;
                _window[s] = false;
            }
            Volatile.Write(ref _limit, index - 1);
        }
        finally
        {
            Monitor.Exit(_lock);
        }
    }
}
