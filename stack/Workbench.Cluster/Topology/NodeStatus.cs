using Workbench.Cluster.Messages;

namespace Workbench.Cluster.Topology;

/// <summary>
/// One store of a running cluster: PD's state of it (Up, Offline while draining, Tombstone once
/// empty), PD's count of the regions and leaders on it and their approximate bytes, whether its
/// loop still runs here, and the failure that stopped the loop (null while healthy).
/// </summary>
public sealed record NodeStatus(ulong StoreId, string Engine, StoreState State, int Regions, int Leaders, ulong RegionBytes, bool Running, string? Failure);
