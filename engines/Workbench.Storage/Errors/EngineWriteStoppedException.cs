namespace Workbench.Storage;

/// <summary>
/// The engine hit a write-path failure earlier (I/O error, disk full) and refuses further writes
/// until it is reopened, so that nothing half-written is built upon (RocksDB's paranoid checks).
/// </summary>
public class EngineWriteStoppedException : StorageException
{
    public EngineWriteStoppedException() { }
    public EngineWriteStoppedException(string message) : base(message) { }
    public EngineWriteStoppedException(string message, Exception inner) : base(message, inner) { }
}
