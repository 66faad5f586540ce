using Workbench.Txn.Client;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;
using Xunit.Abstractions;

namespace Workbench.Txn.Tests;

/// <summary>A store + service + TSO for client tests. With a manual clock, backoff sleeps advance it (no real waiting).</summary>
internal sealed class TxnHarness : IDisposable
{
    private readonly StoreHandle _h;

    public TxnHarness(string engine = "memory", bool manualClock = true)
    {
        _h = TestStores.Open(engine);
        Service = new TxnStorage(_h.Store);
        Clock = manualClock ? new ManualPhysicalClock(1_700_000_000_000) : null;
        Tso = new TimestampOracle((IPhysicalClock?)Clock ?? SystemPhysicalClock.Instance, new MemoryTsoStore());
        Source = new BatchingTimestampSource(Tso);
    }

    public TxnStorage Service { get; }
    public ManualPhysicalClock? Clock { get; }
    public TimestampOracle Tso { get; }
    public BatchingTimestampSource Source { get; }
    public Storage.LocalKvStore Store => _h.Store;

    public TxnClient Client(TxnClientOptions? options = null)
    {
        var o = options ?? new TxnClientOptions();
        if (Clock is not null && o.Sleep is null) o = o with { Sleep = ms => Clock.Advance(ms) };
        return new TxnClient(Service, Source, o);
    }

    public static TxnClientOptions Sync(bool asyncCommit, bool onePc, int batchBytes = 16 * 1024) => new()
    {
        AsyncCommit = asyncCommit, OnePc = onePc, BatchBytes = batchBytes, SecondariesInBackground = false, LockTtlMs = 100,
    };

    public void Dispose() => _h.Dispose();

    public static byte[] B(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    public static string? S(byte[]? b) => b is null ? null : System.Text.Encoding.UTF8.GetString(b);

    /// <summary>The seed of a randomized test: WORKBENCH_SEED if set, else <paramref name="fallback"/>; printed so a failure replays.</summary>
    public static int Seed(int fallback, ITestOutputHelper? output = null) => TestSeed.Fixed(output, fallback);
}
