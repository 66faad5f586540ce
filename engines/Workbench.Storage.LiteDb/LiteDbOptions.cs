using Workbench.Storage.Registry;

namespace Workbench.Storage.LiteDb;

/// <summary>The options of "litedb", named after LiteDB's pragmas and connection-string settings.</summary>
internal static class LiteDbOptions
{
    public const string Checkpoint = "checkpoint";
    public const string Timeout = "timeout_seconds";
    public const string InitialSize = "initial_size";

    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new(Checkpoint, OptionType.Int, 1000, "PRAGMA CHECKPOINT: log (WAL) pages after which a commit copies the log into the data file, when no transaction is open (0 = only on Flush and close)", Min: 0),
        new(Timeout, OptionType.Int, 60, "PRAGMA TIMEOUT: seconds a lock waits before LiteDB gives up (a checkpoint waits for open snapshots)", Min: 1, Max: 3600),
        new(InitialSize, OptionType.Size, 0L, "connection-string InitialSize: bytes the data file is pre-allocated to", Min: 0),
    ];
}
