using Workbench.Storage.Contract;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;

namespace Workbench.Storage.Memory;

/// <summary>Registers the in-memory reference engine as "memory".</summary>
public sealed class MemoryEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <inheritdoc/>
    public string Name => "memory";

    /// <inheritdoc/>
    public string IdentityName => "memory";

    /// <summary>The durable engine's log and checkpoint (FORMAT.md beside it).</summary>
    public bool OwnsFile(string fileName) => OwnsMemoryFile(fileName);

    internal static bool OwnsMemoryFile(string fileName) =>
        fileName is MemoryEngine.WalName or MemoryEngine.SnapshotName || fileName == MemoryEngine.SnapshotName + ".tmp";

    /// <inheritdoc/>
    public string Description => "in-memory reference engine (persistent AVL per column family); optionally durable through a log and checkpoints";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.None;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("durable", OptionType.Bool, false, "log every batch to memory.wal and checkpoint on Flush, so data survives reopen and crashes"),
    ];

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new MemoryEngine(request, request.Options.GetBool("durable"));
    }
}
