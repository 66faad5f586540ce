using Workbench.Storage.Conformance;
using Workbench.Storage.Contract;
using Workbench.Storage.FileSystem;
using Xunit.Abstractions;

namespace Workbench.Storage.Lsm.Tests;

/// <summary>The lsm engine (tiny memtables and levels, so flushes and compactions run) passes the whole suite, crash simulation included.</summary>
public sealed class LsmConformanceTests(ITestOutputHelper output) : CrashConformanceTests(output)
{
    protected override IKvEngine OpenEngine(IFileSystem fileSystem, string directory, IReadOnlyList<string> columnFamilies) =>
        LsmTestEngines.Open(fileSystem, directory, columnFamilies);
}
