namespace Workbench.Jepsen.Registers;

/// <summary>
/// Which register the clients of a register workload use now (Jepsen's independent keys): all
/// clients share the current key until it has had <see cref="OpsPerKey"/> operations or
/// <see cref="UnknownPerKey"/> operations of unknown outcome, then move to the next. The second
/// bound is what keeps Porcupine's search small: an unknown write stays open to the end of the
/// history, and every open write multiplies the orders the checker must try, so a key that
/// collected a dozen of them during a kill could exhaust any budget. Thread-safe.
/// </summary>
internal sealed class RegisterKeys
{
    public const int OpsPerKey = 40;
    public const int UnknownPerKey = 3;

    private readonly Lock _lock = new();
    private long _key;
    private int _ops;
    private int _unknown;

    /// <summary>The key index for the next operation (counts it).</summary>
    public long Next()
    {
        lock (_lock)
        {
            if (_ops >= OpsPerKey) Advance();
            _ops++;
            return _key;
        }
    }

    /// <summary>An operation on key <paramref name="key"/> ended with an unknown outcome.</summary>
    public void Unknown(long key)
    {
        lock (_lock)
        {
            if (key != _key) return;
            if (++_unknown >= UnknownPerKey) Advance();
        }
    }

    private void Advance()
    {
        _key++;
        _ops = 0;
        _unknown = 0;
    }
}
