using Workbench.Storage.Errors;

namespace Workbench.Storage.RocksDb.Errors;

/// <summary>RocksDB returned a status that is neither corruption, I/O nor an invalid argument (busy, aborted, shutdown, ...); the message carries it.</summary>
public class RocksDbException : StorageException
{
    public RocksDbException() { }
    public RocksDbException(string message) : base(message) { }
    public RocksDbException(string message, Exception inner) : base(message, inner) { }
}
