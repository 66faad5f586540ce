using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Metrics;

/// <summary>
/// Why bytes were written (DESIGN.md §3). Every write through <see cref="IFileSystem"/> is counted
/// under exactly one category, so an engine's write amplification can be broken down by cause.
/// The numeric values index arrays; append new categories at the end.
/// </summary>
public enum WriteCategory
{
    /// <summary>Writes no other category describes (e.g. identity and option files).</summary>
    Other = 0,
    /// <summary>Write-ahead log records.</summary>
    Wal = 1,
    /// <summary>Tables written by memtable flushes.</summary>
    Flush = 2,
    /// <summary>Tables written by compactions.</summary>
    Compaction = 3,
    /// <summary>Blob files written at flush or compaction (key-value separation).</summary>
    Blob = 4,
    /// <summary>Blob files rewritten by blob garbage collection.</summary>
    BlobGc = 5,
    /// <summary>Pages written in place or copy-on-write by page-based engines.</summary>
    Page = 6,
    /// <summary>Checkpoint files and checkpoint page writes.</summary>
    Checkpoint = 7,
    /// <summary>MANIFEST (version edit) records and similar metadata logs.</summary>
    Manifest = 8,
    /// <summary>Raft log entries.</summary>
    RaftLog = 9,

    /// <summary>Region snapshot files, written by both the sending and the receiving store.</summary>
    Snapshot = 10,
}
