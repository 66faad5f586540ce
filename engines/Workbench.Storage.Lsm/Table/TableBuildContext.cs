namespace Workbench.Storage.Lsm.Table;

/// <summary>Why and where a table is being built; handed to collector factories.</summary>
public sealed record TableBuildContext(string ColumnFamily, long FileNumber, int OutputLevel, bool IsFlush);
