namespace Workbench.Storage.Contract;

/// <summary>
/// Options of a write. Durability contract (as RocksDB's): Sync = false survives a process crash,
/// Sync = true survives a machine crash once <see cref="IKvEngine.Write"/> returns.
/// </summary>
public sealed class WriteOptions
{
    /// <summary>Sync off: Write may return before the log reaches stable storage, so a machine crash can lose the write.</summary>
    public static readonly WriteOptions Default = new();
    /// <summary>Synced: the write is on stable storage when Write returns.</summary>
    public static readonly WriteOptions Synced = new() { Sync = true };

    /// <summary>Sync the engine's log before Write returns (RocksDB's WriteOptions.sync), so the write survives a machine crash.</summary>
    public bool Sync { get; init; }

    /// <summary>Skip the write-ahead log (data lost on crash until flushed); for bulk loads only.</summary>
    public bool DisableWal { get; init; }
}
