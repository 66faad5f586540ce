namespace Workbench.Storage.LiteDb;

/// <summary>Counter names the litedb engine reports in <see cref="Workbench.Storage.Metrics.EngineMetrics.Counters"/> (prefix "litedb."), one place for the engine and its tests.</summary>
internal static class LiteDbCounterNames
{
    public const string DataFileBytes = "litedb.data_file_bytes";
    public const string LogFileBytes = "litedb.log_file_bytes";
    public const string Commits = "litedb.commits";
    public const string ExplicitCheckpoints = "litedb.explicit_checkpoints";
}
