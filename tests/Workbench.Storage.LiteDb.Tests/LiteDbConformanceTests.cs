using Workbench.Storage.Conformance;
using Xunit.Abstractions;

namespace Workbench.Storage.LiteDb.Tests;

/// <summary>"litedb" passes the core and persistence suites on a real directory (LiteDB does its own IO; crash safety: <see cref="LiteDbKillTests"/>).</summary>
public sealed class LiteDbConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        LiteDbTestEngines.Open(directory, columnFamilies);
}
