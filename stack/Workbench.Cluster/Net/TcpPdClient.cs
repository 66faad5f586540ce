using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;
using Workbench.Cluster.Topology;

namespace Workbench.Cluster.Net;

/// <summary>
/// A store's <see cref="IPdClient"/> over TCP. Every call is sent from a task (never blocking the
/// store loop); answers (operator steps, split ids) are posted back onto the store's loop. A
/// heartbeat PD does not answer is lost (the next one replaces it); a failed AskBatchSplit
/// delivers null. <see cref="Loop"/> must be set before the store's first tick.
/// </summary>
public sealed class TcpPdClient(TcpPdRpc pd) : IPdClient
{
    /// <summary>The store loop answers are posted to; set before the store's first tick.</summary>
    public StoreLoop? Loop { get; set; }

    /// <summary>Calls that failed (PD down or slow), for metrics.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    private long _failures;

    /// <inheritdoc/>
    public void StoreHeartbeat(StoreHeartbeatRequest request) =>
        Fire(async () => await pd.CallAsync(PdMethods.StoreHeartbeat, request, AllocIdResponse.Parser).ConfigureAwait(false));

    /// <inheritdoc/>
    public void RegionHeartbeat(RegionHeartbeatRequest request) => Fire(async () =>
    {
        var resp = await pd.CallAsync(PdMethods.RegionHeartbeat, request, RegionHeartbeatResponse.Parser).ConfigureAwait(false);
        if (resp.ChangePeer is not null || resp.TransferLeader is not null) Loop?.Post(s => s.OnRegionHeartbeatResponse(resp));
    });

    /// <inheritdoc/>
    public void AskBatchSplit(AskBatchSplitRequest request, Action<AskBatchSplitResponse?> done) => Fire(async () =>
    {
        AskBatchSplitResponse? resp = null;
        try
        {
            resp = await pd.CallAsync(PdMethods.AskBatchSplit, request, AskBatchSplitResponse.Parser).ConfigureAwait(false);
        }
        finally
        {
            Loop?.Post(_ => done(resp));
        }
    });

    /// <inheritdoc/>
    public void ReportBatchSplit(ReportBatchSplitRequest request) =>
        Fire(async () => await pd.CallAsync(PdMethods.ReportBatchSplit, request, AllocIdResponse.Parser).ConfigureAwait(false));

    private void Fire(Func<Task> call) => _ = Task.Run(async () =>
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or Google.Protobuf.InvalidProtocolBufferException)
        {
            Interlocked.Increment(ref _failures);
        }
    });
}
