using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Workbench.Storage.Identity;
using Xunit.Abstractions;

namespace Workbench.Storage.BTree.Tests;

/// <summary>The corruption sweep over the btree engine's files (4 KiB pages, checkpoints every 32 KiB of log).</summary>
public sealed class BTreeCorruptionSweepTests(ITestOutputHelper output) : CorruptionSweepTests(output)
{
    protected override string EngineName => "btree";

    protected override IKvEngine Open(IFileSystem fs, string directory) => BTreeTestEngines.Open(fs, directory);

    protected override string? FileKind(string fileName) =>
        fileName == BTreeEngine.PageFileName ? "page file"
        : fileName.StartsWith("wal-", StringComparison.Ordinal) ? "wal"
        : fileName == Wal.LogList.FileName ? "log list"
        : fileName == EngineIdentity.FileName ? "identity"
        : null;

    protected override IReadOnlySet<string> DataKinds { get; } = new HashSet<string> { "page file", "wal" };
}
