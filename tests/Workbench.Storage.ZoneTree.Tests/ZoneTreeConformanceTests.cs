using Workbench.Storage.Conformance;
using Xunit.Abstractions;

namespace Workbench.Storage.ZoneTree.Tests;

/// <summary>"zonetree" passes the core and persistence suites on a real directory (ZoneTree does its own IO; crash safety: <see cref="ZoneTreeKillTests"/>).</summary>
public sealed class ZoneTreeConformanceTests(ITestOutputHelper output) : PersistentEngineConformanceTests(output)
{
    protected override bool UsesRealDisk => true;

    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        ZoneTreeTestEngines.Open(directory, columnFamilies);
}
