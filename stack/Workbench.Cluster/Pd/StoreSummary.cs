namespace Workbench.Cluster.Pd;

/// <summary>One row of PD's store table: the store, how many regions and leaders PD sees on it, their size, and how long since it last reported.</summary>
public sealed record StoreSummary(Messages.Store Store, int Regions, double Leaders, ulong RegionBytes, double SecondsSinceHeartbeat);
