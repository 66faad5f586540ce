namespace Workbench.Storage.Errors;

/// <summary>
/// The engine hit a write-path failure earlier (I/O error, disk full) and refuses further writes
/// until it is reopened, so that nothing half-written is built upon (RocksDB's paranoid checks).
/// An I/O cause is always reported as a <see cref="StorageIOException"/> inner exception (a bare
/// <see cref="IOException"/> given here is wrapped), so callers look for one type whatever the engine.
/// </summary>
public class EngineWriteStoppedException : StorageException
{
    public EngineWriteStoppedException() { }
    public EngineWriteStoppedException(string message) : base(message) { }
    public EngineWriteStoppedException(string message, Exception inner)
        : base(message, inner is IOException io ? StorageIOException.From(io, "write path") : inner) { }
}
