namespace Workbench.Txn.Latches;

/// <summary>Slots held by one command; dispose (on the acquiring thread) to release them.</summary>
public sealed class LatchGuard : IDisposable
{
    private readonly Latches _owner;
    private int[]? _taken;

    internal LatchGuard(Latches owner, int[] taken)
    {
        _owner = owner;
        _taken = taken;
    }

    /// <summary>Releases the slots, waking commands waiting on them.</summary>
    public void Dispose()
    {
        var t = Interlocked.Exchange(ref _taken, null);
        if (t is not null) _owner.Release(t);
    }
}
