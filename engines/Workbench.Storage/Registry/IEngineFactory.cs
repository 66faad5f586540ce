using Workbench.Storage.Contract;

namespace Workbench.Storage.Registry;

/// <summary>Creates one kind of engine; registered in an <see cref="EngineRegistry"/> under <see cref="Name"/>.</summary>
public interface IEngineFactory
{
    string Name { get; }
    string Description { get; }
    EngineCapabilities Capabilities { get; }
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>Opens (creating if missing) the engine in <see cref="EngineOpenRequest.Directory"/>.</summary>
    IKvEngine Open(EngineOpenRequest request);
}
