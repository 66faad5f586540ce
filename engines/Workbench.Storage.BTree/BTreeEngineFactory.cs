using Workbench.Storage.BTree.Options;

namespace Workbench.Storage.BTree;

/// <summary>Registers the native B+tree engine as "btree".</summary>
public sealed class BTreeEngineFactory : IEngineFactory
{
    public string Name => "btree";

    public string Description => "native copy-on-write B+tree: slotted pages, buffer pool, logical WAL with group commit, double-buffered checkpoints";

    public EngineCapabilities Capabilities => EngineCapabilities.Persistent | EngineCapabilities.UsesFileSystem;

    public IReadOnlyList<OptionSpec> Options => BTreeOptions.Specs;

    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new BTreeEngine(request);
    }
}
