using Workbench.Txn.Errors;

namespace Workbench.Txn.Client;

/// <summary>
/// client-go's backoffer for one operation: sleep min(cap, base·2ⁿ) with equal jitter (half fixed,
/// half random), until the budget is spent; then the operation fails (never loops forever).
/// Belongs to one thread.
/// </summary>
internal sealed class Backoffer
{
    private readonly TxnClientOptions _o;
    private readonly Random _random;
    private readonly TxnClientStats _stats;
    private readonly Action<int> _sleep;
    private int _attempt;
    private int _spentMs;

    public Backoffer(TxnClientOptions options, Random random, TxnClientStats stats)
    {
        _o = options;
        _random = random;
        _stats = stats;
        _sleep = options.Sleep ?? Thread.Sleep;
    }

    public void Wait(string what)
    {
        var exp = Math.Min(_o.BackoffCapMs, _o.BackoffBaseMs * (1L << Math.Min(_attempt, 20)));
        var half = (int)(exp / 2);
        int ms;
        lock (_random) ms = half + _random.Next(0, half + 1);
        if (_spentMs + ms > _o.BackoffBudgetMs)
            throw new TxnAbortedException($"gave up waiting for {what} after {_spentMs} ms of backoff");
        _attempt++;
        _spentMs += ms;
        Interlocked.Increment(ref _stats.BackoffCount);
        Interlocked.Add(ref _stats.BackoffMsTotal, ms);
        if (ms > 0) _sleep(ms);
    }
}
