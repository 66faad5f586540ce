using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.BTree.Tests;

/// <summary>
/// The whole conformance suite (core, reopen, crash simulation) on 4 KiB pages, a 16-page buffer
/// pool and a checkpoint every 32 KiB of log, so evictions of dirty pages, splits, merges and
/// checkpoints all happen inside the suite's small workloads. It runs with main's earlier
/// write-back policies (unlocked_page_writes=false, clean_victim_search=256); the defaults' suite
/// (BTreeDefaultOptionsConformanceTests) covers the current defaults.
/// </summary>
public sealed class BTreeConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        BTreeTestEngines.Open(fileSystem, directory, new Dictionary<string, string>(BTreeTestEngines.Small)
        {
            ["unlocked_page_writes"] = "false",
            ["clean_victim_search"] = "256",
        }, columnFamilies);
}
