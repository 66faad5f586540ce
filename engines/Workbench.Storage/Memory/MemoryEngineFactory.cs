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

    /// <summary>Option name of <see cref="Durable"/>.</summary>
    public const string DurableName = "durable";

    /// <summary>The engine's one option, declared once (the pattern of docs/DESIGN.md §6); bound to the engine's durability.</summary>
    public static readonly EngineOption<bool> Durable = EngineOption.Bool(DurableName, false, "log every batch to memory.wal and checkpoint on Flush, so data survives reopen and crashes");

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options { get; } = EngineOption.Specs([Durable]);

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new MemoryEngine(request, Durable.Get(request.Options));
    }
}
