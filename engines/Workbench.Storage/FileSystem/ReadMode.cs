namespace Workbench.Storage.FileSystem;

/// <summary>How <see cref="IFileSystem.OpenRead(string, ReadMode)"/> reads a file.</summary>
public enum ReadMode
{
    /// <summary>Through the operating system's page cache (pread on an ordinary descriptor).</summary>
    Buffered,

    /// <summary>
    /// Bypassing the page cache where the file system allows it (O_DIRECT on Linux; RocksDB's
    /// use_direct_reads): every read is a device read. The bytes returned are the same as
    /// <see cref="Buffered"/>'s; a file system that cannot do it (in-memory, tmpfs on old kernels,
    /// non-Linux) reads buffered instead and says so (<see cref="LocalFileSystem.DirectReadFallbacks"/>).
    /// </summary>
    Direct,
}
