namespace Workbench.Cluster.Client;

/// <summary>
/// client-go's Backoffer: one per logical request, remembering per kind how often it slept, with
/// a budget of total sleep after which the request fails with the last error. Sleep for attempt n
/// of a kind is min(cap, base·2ⁿ), jittered as the kind says. A kind with an excluded budget
/// (tikvServerBusy) sleeps outside the request's budget, within its own (client-go's excludedSleep). Randomness is injected (seeded in
/// simulations). Not thread-safe (one request).
/// </summary>
public sealed class Backoffer(IClusterClock clock, Random random, int maxSleepMs)
{
    private readonly Dictionary<string, (int Attempts, int LastSleep)> _state = new(StringComparer.Ordinal);

    /// <summary>Milliseconds slept so far over all kinds; a sleep that would pass the budget fails the request instead.</summary>
    public int TotalSleptMs { get; private set; }
    /// <summary>Backoff sleeps taken so far.</summary>
    public int Retries { get; private set; }

    /// <summary>Milliseconds slept in kinds outside the budget (ServerIsBusy), included in <see cref="TotalSleptMs"/>.</summary>
    public int ExcludedSleptMs { get; private set; }

    /// <summary>Sleeps for the next backoff of <paramref name="kind"/>; throws <see cref="ClusterException"/> once the budget is spent.</summary>
    public async Task BackoffAsync(BackoffKind kind, string lastError, int minMs = 0)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var (attempts, last) = _state.GetValueOrDefault(kind.Name, (0, kind.BaseMs));
        var expo = (int)Math.Min(kind.CapMs, kind.BaseMs * Math.Pow(2, Math.Min(attempts, 30)));
        int sleep;
        lock (random)
        {
            sleep = kind.Jitter switch
            {
                BackoffJitter.None => expo,
                BackoffJitter.Full => random.Next(0, expo + 1),
                BackoffJitter.Equal => expo / 2 + random.Next(0, expo / 2 + 1),
                _ => Math.Min(kind.CapMs, kind.BaseMs + random.Next(0, Math.Max(1, last * 3 - kind.BaseMs))),
            };
        }
        sleep = Math.Max(sleep, minMs);
        if (kind.ExcludedBudgetMs > 0)
        {
            if (ExcludedSleptMs + sleep > Math.Max(kind.ExcludedBudgetMs, maxSleepMs))
                throw new ClusterException($"gave up after {Retries} retries and {ExcludedSleptMs} ms of {kind.Name} backoff: {lastError}");
            ExcludedSleptMs += sleep;
        }
        else if (TotalSleptMs - ExcludedSleptMs + sleep > maxSleepMs)
            throw new ClusterException($"gave up after {Retries} retries and {TotalSleptMs} ms of backoff ({kind.Name}): {lastError}");
        _state[kind.Name] = (attempts + 1, sleep);
        TotalSleptMs += sleep;
        Retries++;
        await clock.Delay(sleep).ConfigureAwait(false);
    }
}
