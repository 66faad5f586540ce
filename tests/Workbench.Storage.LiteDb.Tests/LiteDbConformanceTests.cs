using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.LiteDb.Tests;

/// <summary>"litedb" passes the core and persistence suites on a real directory (LiteDB does its own IO; crash safety: <see cref="LiteDbKillTests"/>).</summary>
public sealed class LiteDbConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    /// <summary>Lowered from 4000: each Flush/CompactRange of the model test waits for a whole-tree merge or checkpoint (~0.1 s on a loaded machine).</summary>
    protected override int RandomizedOperationCount => 1500;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        LiteDbTestEngines.Open(directory, columnFamilies);
}
