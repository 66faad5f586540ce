using Workbench.Storage.BTree.Options;
using Workbench.Storage.Contract;
using Workbench.Storage.Identity;
using Workbench.Storage.Registry;

namespace Workbench.Storage.BTree;

/// <summary>Registers the native B+tree engine as "btree".</summary>
public sealed class BTreeEngineFactory : IEngineFactory, IOwnsEngineFiles
{
    /// <inheritdoc/>
    public string Name => "btree";

    /// <inheritdoc/>
    public string IdentityName => "btree";

    /// <summary>The page file, the logs and the log list (FORMAT.md).</summary>
    public bool OwnsFile(string fileName) => OwnsBTreeFile(fileName);

    internal static bool OwnsBTreeFile(string fileName) => fileName is BTreeEngine.PageFileName or Wal.LogList.FileName or Wal.LogList.TempFileName || Wal.WalWriter.TryParseNumber(fileName, out _);

    /// <inheritdoc/>
    public string Description => "native copy-on-write B+tree: slotted pages, buffer pool, logical WAL with group commit, double-buffered checkpoints";

    /// <inheritdoc/>
    public EngineCapabilities Capabilities => EngineCapabilities.Persistent | EngineCapabilities.UsesFileSystem;

    /// <inheritdoc/>
    public IReadOnlyList<OptionSpec> Options => BTreeOptions.Specs;

    /// <inheritdoc/>
    public IKvEngine Open(EngineOpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new BTreeEngine(request);
    }
}
