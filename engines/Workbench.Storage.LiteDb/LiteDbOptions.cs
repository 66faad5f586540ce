using Workbench.Storage.Registry;

namespace Workbench.Storage.LiteDb;

/// <summary>
/// The options of "litedb", named after LiteDB's pragmas and connection-string settings: each declared
/// once below and bound to its property, which takes its default from the declaration (the pattern of
/// docs/DESIGN.md §6). Immutable.
/// </summary>
internal sealed record LiteDbOptions
{
    public const string CheckpointName = "checkpoint";
    public const string TimeoutName = "timeout_seconds";
    public const string InitialSizeName = "initial_size";

    public static readonly EngineOption<int> CheckpointOption = EngineOption.Int(CheckpointName, 1000, "PRAGMA CHECKPOINT: log (WAL) pages after which a commit copies the log into the data file, when no transaction is open (0 = only on Flush and close)", min: 0);
    public static readonly EngineOption<int> TimeoutOption = EngineOption.Int(TimeoutName, 60, "PRAGMA TIMEOUT: seconds a lock waits before LiteDB gives up (a checkpoint waits for open snapshots)", min: 1, max: 3600);
    public static readonly EngineOption<long> InitialSizeOption = EngineOption.Size(InitialSizeName, 0, "connection-string InitialSize: bytes the data file is pre-allocated to", min: 0);

    /// <summary>The declarations bound to their properties, in the order `workbench engines` lists them.</summary>
    public static readonly OptionSet<LiteDbOptions> Declared = new(
    [
        CheckpointOption.Bind<LiteDbOptions>(o => o.Checkpoint, (o, v) => o with { Checkpoint = v }),
        TimeoutOption.Bind<LiteDbOptions>(o => o.TimeoutSeconds, (o, v) => o with { TimeoutSeconds = v }),
        InitialSizeOption.Bind<LiteDbOptions>(o => o.InitialSize, (o, v) => o with { InitialSize = v }),
    ]);

    public static IReadOnlyList<OptionSpec> Specs { get; } = Declared.Specs;

    /// <summary>PRAGMA CHECKPOINT (log pages).</summary>
    public int Checkpoint { get; init; } = CheckpointOption.Default;
    /// <summary>PRAGMA TIMEOUT (seconds).</summary>
    public int TimeoutSeconds { get; init; } = TimeoutOption.Default;
    /// <summary>Connection-string InitialSize (bytes).</summary>
    public long InitialSize { get; init; } = InitialSizeOption.Default;

    /// <summary>The options of validated registry values.</summary>
    public static LiteDbOptions From(EngineOptions options) => Declared.Apply(new LiteDbOptions(), options);
}
