namespace Workbench.Storage.Errors;

/// <summary>
/// The engine hit a write-path failure earlier (I/O error, disk full) and refuses further writes
/// until it is reopened, so that nothing half-written is built upon (RocksDB's paranoid checks).
/// An I/O cause is always reported as a <see cref="StorageIOException"/> inner exception (a bare
/// <see cref="IOException"/> given here is wrapped), so callers look for one type whatever the engine.
/// </summary>
public class EngineWriteStoppedException : StorageException
{
    /// <summary>A write-stopped error without a message (tooling use).</summary>
    public EngineWriteStoppedException() { }
    /// <summary>Writes are refused; <paramref name="message"/> names the earlier failure.</summary>
    public EngineWriteStoppedException(string message) : base(message) { }
    /// <summary>Writes are refused because of <paramref name="inner"/>; a bare IOException is wrapped in a <see cref="StorageIOException"/>.</summary>
    public EngineWriteStoppedException(string message, Exception inner)
        : base(message, inner is IOException io ? StorageIOException.From(io, "write path") : inner) { }
}
