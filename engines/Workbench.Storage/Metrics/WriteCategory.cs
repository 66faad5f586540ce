using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Metrics;

/// <summary>
/// Why bytes were written (DESIGN.md §3). Every write through <see cref="IFileSystem"/> is counted
/// under exactly one category, so an engine's write amplification can be broken down by cause.
/// The numeric values index arrays; append new categories at the end.
/// </summary>
public enum WriteCategory
{
    Other = 0,
    Wal = 1,
    Flush = 2,
    Compaction = 3,
    Blob = 4,
    BlobGc = 5,
    Page = 6,
    Checkpoint = 7,
    Manifest = 8,
    RaftLog = 9,

    /// <summary>Region snapshot files, written by both the sending and the receiving store.</summary>
    Snapshot = 10,
}
