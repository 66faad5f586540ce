using Workbench.Storage.Errors;

namespace Workbench.Storage.RocksDb.Errors;

/// <summary>RocksDB returned a status that is neither corruption, I/O nor an invalid argument (busy, aborted, shutdown, ...); the message carries it.</summary>
public class RocksDbException : StorageException
{
    /// <summary>An error without a message (serialization and tooling use; the engine always passes RocksDB's status text).</summary>
    public RocksDbException() { }
    /// <summary>An error carrying RocksDB's status text in <paramref name="message"/>.</summary>
    public RocksDbException(string message) : base(message) { }
    /// <summary>An error carrying RocksDB's status text, wrapping the exception that surfaced it.</summary>
    public RocksDbException(string message, Exception inner) : base(message, inner) { }
}
