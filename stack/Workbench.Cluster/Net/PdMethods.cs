namespace Workbench.Cluster.Net;

/// <summary>PD's RPC method names on the wire (pdpb's, plus the few calls `workbench cluster` needs; Net/FORMAT.md).</summary>
internal static class PdMethods
{
    public const string Tso = "Tso";
    public const string AllocId = "AllocID";
    public const string GetRegion = "GetRegion";
    public const string GetRegionById = "GetRegionByID";
    public const string GetStore = "GetStore";
    public const string GetAllStores = "GetAllStores";
    public const string ScanRegions = "ScanRegions";
    public const string PutStore = "PutStore";
    public const string Bootstrap = "Bootstrap";
    public const string StoreHeartbeat = "StoreHeartbeat";
    public const string RegionHeartbeat = "RegionHeartbeat";
    public const string AskBatchSplit = "AskBatchSplit";
    public const string ReportBatchSplit = "ReportBatchSplit";
    public const string SetStoreState = "SetStoreState";
    public const string GetClusterStatus = "GetClusterStatus";
}
