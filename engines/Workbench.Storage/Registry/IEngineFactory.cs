using Workbench.Storage.Contract;

namespace Workbench.Storage.Registry;

/// <summary>Creates one kind of engine; registered in an <see cref="EngineRegistry"/> under <see cref="Name"/>.</summary>
public interface IEngineFactory
{
    /// <summary>Registry name ("lsm", "rocksdb", ...); the name configs and --engine use.</summary>
    string Name { get; }
    /// <summary>One line for `workbench engines`: what the engine is and how it stores data.</summary>
    string Description { get; }
    /// <summary>What the engine promises (persistence, IO through the given file system).</summary>
    EngineCapabilities Capabilities { get; }
    /// <summary>The options the engine accepts, with types, defaults and bounds; the registry validates configs against them.</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Opens (creating if missing) the engine in <see cref="EngineOpenRequest.Directory"/>.</summary>
    IKvEngine Open(EngineOpenRequest request);
}
