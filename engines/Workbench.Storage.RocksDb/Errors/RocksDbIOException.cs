namespace Workbench.Storage.RocksDb;

/// <summary>RocksDB reported an I/O error ("IO error: ..."); <see cref="Exception.InnerException"/> is the <see cref="IOException"/> describing it.</summary>
public class RocksDbIOException : StorageException
{
    public RocksDbIOException() { }
    public RocksDbIOException(string message) : base(message) { }
    public RocksDbIOException(string message, Exception inner) : base(message, inner) { }
}
