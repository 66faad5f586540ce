using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.ZoneTree.Tests;

/// <summary>"zonetree" passes the core and persistence suites on a real directory (ZoneTree does its own IO; crash safety: <see cref="ZoneTreeKillTests"/>).</summary>
public sealed class ZoneTreeConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    /// <summary>Lowered from 4000: each Flush/CompactRange of the model test waits for a whole-tree merge or checkpoint (~0.1 s on a loaded machine).</summary>
    protected override int RandomizedOperationCount => 1500;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        ZoneTreeTestEngines.Open(directory, columnFamilies);
}
