using Prometheus;
using Workbench.Cluster.Messages;
using Workbench.Cluster.Pd;

namespace Workbench.Cluster.Net;

/// <summary>PD's Prometheus endpoint: stores by state, regions, leaders and region bytes per store, operators by kind. Read from the PD when scraped.</summary>
public sealed class PdMetrics : IDisposable
{
    private readonly MetricsEndpoint _server;

    /// <summary>Serves <paramref name="pd"/>'s metrics on <paramref name="statusAddress"/>.</summary>
    public PdMetrics(PlacementDriver pd, string statusAddress)
    {
        ArgumentNullException.ThrowIfNull(pd);
        var registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(registry);
        var stores = f.CreateGauge("workbench_pd_stores", "Stores by state.", ["state"]);
        var regions = f.CreateGauge("workbench_pd_regions", "Regions PD knows.");
        var storeRegions = f.CreateGauge("workbench_pd_store_regions", "Regions with a peer on the store, as PD sees them.", ["store", "engine"]);
        var storeLeaders = f.CreateGauge("workbench_pd_store_leaders", "Leaders on the store, as PD sees them.", ["store", "engine"]);
        var storeBytes = f.CreateGauge("workbench_pd_store_region_bytes", "Approximate bytes of the regions on the store.", ["store", "engine"]);
        var operators = f.CreateGauge("workbench_pd_operators_created", "Operators created since PD started, by kind.", ["kind"]);
        var pending = f.CreateGauge("workbench_pd_operators_pending", "Operators in flight.");
        var finished = f.CreateGauge("workbench_pd_operators_finished", "Operators finished since PD started.");
        var timedOut = f.CreateGauge("workbench_pd_operators_timed_out", "Operators dropped after their timeout since PD started.");
        registry.AddBeforeCollectCallback(() =>
        {
            var byState = new Dictionary<StoreState, int> { [StoreState.Up] = 0, [StoreState.Offline] = 0, [StoreState.Tombstone] = 0 };
            foreach (var s in pd.StoreSummaries())
            {
                byState[s.Store.State]++;
                var id = s.Store.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                storeRegions.WithLabels(id, s.Store.Engine).Set(s.Regions);
                storeLeaders.WithLabels(id, s.Store.Engine).Set(s.Leaders);
                storeBytes.WithLabels(id, s.Store.Engine).Set(s.RegionBytes);
            }
            foreach (var (state, n) in byState) stores.WithLabels(StateName(state)).Set(n);
            regions.Set(pd.AllRegions().Count);
            foreach (var (kind, n) in pd.OperatorCountsByKind()) operators.WithLabels(kind).Set(n);
            pending.Set(pd.PendingOperators);
            finished.Set(pd.OperatorsFinished);
            timedOut.Set(pd.OperatorsTimedOut);
        });
        _server = new MetricsEndpoint(registry, statusAddress);
    }

    /// <summary>The metric label of store state <paramref name="s"/> (up, offline, tombstone, ...).</summary>
    public static string StateName(StoreState s) => s switch
    {
        StoreState.Up => "Up",
        StoreState.Offline => "Offline",
        StoreState.Tombstone => "Tombstone",
        _ => s.ToString(),
    };

    /// <summary>The port the endpoint listens on.</summary>
    public int Port => _server.Port;

    /// <summary>Stops the endpoint.</summary>
    public void Dispose() => _server.Dispose();
}
