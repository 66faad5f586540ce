namespace Workbench.Storage.Contract;

/// <summary>
/// Options of a write. Durability contract (as RocksDB's): Sync = false survives a process crash,
/// Sync = true survives a machine crash once <see cref="IKvEngine.Write"/> returns.
/// </summary>
public sealed class WriteOptions
{
    public static readonly WriteOptions Default = new();
    public static readonly WriteOptions Synced = new() { Sync = true };

    public bool Sync { get; init; }

    /// <summary>Skip the write-ahead log (data lost on crash until flushed); for bulk loads only.</summary>
    public bool DisableWal { get; init; }
}
