namespace Workbench.Storage.Errors;

/// <summary>
/// An I/O operation of an engine failed (the file system, the device or the engine's native
/// library reported it: a failed read or write, a full disk, a file that cannot be opened). The one
/// I/O failure type every engine reports, RocksDB's included; <see cref="Exception.InnerException"/>
/// is the <see cref="IOException"/> describing the cause (for a full disk its HResult carries ENOSPC).
/// On the write path the first failure latches the engine: callers then see an
/// <see cref="EngineWriteStoppedException"/> whose inner exception is this one.
/// </summary>
public class StorageIOException : StorageException
{
    /// <summary>An I/O error without a message (tooling use; engines use <see cref="From"/>).</summary>
    public StorageIOException() { }
    /// <summary>An I/O error described by <paramref name="message"/> (the native library's text when there is no IOException).</summary>
    public StorageIOException(string message) : base(message) { }
    /// <summary>An I/O error wrapping its cause, normally an <see cref="IOException"/>.</summary>
    public StorageIOException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Wraps an I/O failure met while doing <paramref name="what"/> (e.g. "lsm read"); the message keeps the cause's.</summary>
    public static StorageIOException From(IOException cause, string what)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return new StorageIOException($"{what}: {cause.Message}", cause);
    }
}
