using Workbench.Storage.FileSystem;

namespace Workbench.Storage.Contract;

/// <summary>What an engine implementation can promise; the conformance suite and the harness read it.</summary>
[Flags]
public enum EngineCapabilities
{
    /// <summary>Neither persistent nor going through the given file system (the plain memory engine).</summary>
    None = 0,
    /// <summary>Data survives Dispose and reopen of the same directory.</summary>
    Persistent = 1,
    /// <summary>All file IO goes through the given <see cref="IFileSystem"/> (so it can be counted and fault-injected).</summary>
    UsesFileSystem = 2,
}
