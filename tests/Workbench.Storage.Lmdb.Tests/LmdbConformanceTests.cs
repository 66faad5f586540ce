using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.Lmdb.Tests;

/// <summary>"lmdb" passes the core and persistence suites on a real directory (LMDB does its own IO; crash safety: <see cref="LmdbKillTests"/>).</summary>
public sealed class LmdbConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        LmdbTestEngines.Open(directory, columnFamilies);
}
