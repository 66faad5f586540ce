using Workbench.Storage.Metrics;

namespace Workbench.Storage.FileSystem;

/// <summary>
/// A file open for writing (and reading back). One writer at a time; reads may run concurrently
/// and see every byte written so far. Dispose flushes but does not sync.
/// </summary>
public interface IWritableFile : IReadableFile
{
    /// <summary>The category later writes are counted under (e.g. a page file switches between page and checkpoint writes).</summary>
    WriteCategory Category { get; set; }

    /// <summary>Appends at the end of the file.</summary>
    void Append(ReadOnlySpan<byte> data);

    /// <summary>Writes at a position, extending the file if needed.</summary>
    void WriteAt(long offset, ReadOnlySpan<byte> data);

    /// <summary>Hands buffered bytes to the operating system (survives a process crash).</summary>
    void Flush();

    /// <summary>Flushes and forces the bytes to stable storage (survives a machine crash).</summary>
    void Sync();

    /// <summary>Sets the length (shrinking or zero-extending).</summary>
    void Truncate(long length);
}
