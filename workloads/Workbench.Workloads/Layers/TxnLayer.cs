using System.Globalization;
using System.Text;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Registry;
using Workbench.Txn.Client;
using Workbench.Txn.Oracle;
using Workbench.Txn.Service;
using Workbench.Txn.Storage;

namespace Workbench.Workloads.Layers;

/// <summary>
/// Layer txn for the tools: one engine with CFs default/lock/write (<see cref="LocalKvStore"/>),
/// the storage service, a TSO persisted under the data directory, and a 2PC client. Reports the
/// bytes the txn layer handed to the engine per CF (what Percolator multiplies) and the client's
/// conflict/retry counters.
/// </summary>
public sealed class TxnLayer : IDisposable
{
    private readonly LocalKvStore _store;
    private long _lastTxnBytes;
    private readonly long[] _lastCf = new long[CfNames.Count];
    private long _lastConflicts, _lastOnePc, _lastAsync, _lastTwoPc, _lastResolves, _lastBackoffs;

    private TxnLayer(LocalKvStore store, TxnStorage service, TxnClient client)
    {
        _store = store;
        Service = service;
        Client = client;
    }

    /// <summary>The engine under the txn layer (CFs default, lock, write).</summary>
    public IKvEngine Engine => _store.Engine;
    /// <summary>The Percolator storage service over the engine.</summary>
    public TxnStorage Service { get; }
    /// <summary>The 2PC client the workloads use.</summary>
    public TxnClient Client { get; }

    /// <summary>Opens the engine and the TSO under <paramref name="dir"/>, through <paramref name="fileSystem"/> (default: the local one).</summary>
    public static TxnLayer Open(EngineRegistry registry, EngineConfig config, string dir, TxnClientOptions options, IFileSystem? fileSystem = null)
    {
        var fs = fileSystem ?? LocalFileSystem.Instance;
        var store = LocalKvStore.Open(registry, config, dir, fs);
        var service = new TxnStorage(store);
        var tso = new TimestampOracle(SystemPhysicalClock.Instance, new FileTsoStore(fs, Path.Combine(dir, "pd")));
        var client = new TxnClient(service, new BatchingTimestampSource(tso), options);
        return new TxnLayer(store, service, client);
    }

    /// <summary>
    /// An operation that meets a conflict runs again as a new transaction at most this many times
    /// in all (go-ycsb's txn mode; the bench and YCSB txn workers share it).
    /// </summary>
    public const int MaxAttempts = 10;

    /// <summary>
    /// Lines for the phase just finished (counters since the previous call), for callers that count
    /// retries themselves (bench; YCSB sums its workers' in the harness); when
    /// <paramref name="bytesPerCf"/> is given it receives the same per-CF deltas the text shows, plus "total".
    /// </summary>
    public string DescribeAndReset(long retries, long failed, long userBytes, IDictionary<string, long>? bytesPerCf)
    {
        Client.WaitForBackgroundWork(TimeSpan.FromSeconds(60));
        var s = Client.Stats;
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"TXN      - Conflicts: {s.Conflicts - _lastConflicts}, Retries: {retries}, GaveUp: {failed}, 1PC: {s.OnePc - _lastOnePc}, AsyncCommit: {s.AsyncCommit - _lastAsync}, 2PC: {s.TwoPc - _lastTwoPc}, LockResolves: {s.LockResolves - _lastResolves}, Backoffs: {s.Backoffs - _lastBackoffs}");
        var total = Service.Stats.TotalBytes - _lastTxnBytes;
        sb.Append(inv, $"TXN bytes per CF (key+value handed to the engine): total {total}");
        for (var cf = 0; cf < CfNames.Count; cf++)
        {
            var b = Service.Stats.Bytes((Cf)cf) - _lastCf[cf];
            sb.Append(inv, $", {CfNames.All[cf]} {b}");
            if (bytesPerCf is not null) bytesPerCf[CfNames.All[cf]] = b;
            _lastCf[cf] += b;
        }
        if (bytesPerCf is not null) bytesPerCf["total"] = total;
        if (userBytes > 0) sb.Append(inv, $"; txn bytes / user bytes {(double)total / userBytes:F2}");
        sb.AppendLine();
        _lastTxnBytes += total;
        _lastConflicts = s.Conflicts;
        _lastOnePc = s.OnePc;
        _lastAsync = s.AsyncCommit;
        _lastTwoPc = s.TwoPc;
        _lastResolves = s.LockResolves;
        _lastBackoffs = s.Backoffs;
        return sb.ToString();
    }

    /// <summary>Closes the client and the engine's store.</summary>
    public void Dispose()
    {
        Client.Dispose();
        _store.Dispose();
    }
}
