using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.BTree.Tests;

/// <summary>The suite again with the default options (8 KiB pages, 64 MiB cache, no checkpoint but on Flush): the log carries everything.</summary>
public sealed class BTreeDefaultOptionsConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        BTreeTestEngines.Open(fileSystem, directory, new Dictionary<string, string>(), columnFamilies);
}
